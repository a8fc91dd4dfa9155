// Help center categories of a site, one language at a time: create, rename inline, move up or
// down, delete with a choice of where its articles go. Every change is a call; the list reloads.
import { signal } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { info, site } from "./articles_state.js";
import { t } from "./i18n.js";
import "./content_admin.css";
import { notice } from "./toasts.jsx";
import { Option, messageLines } from "./ui.jsx";

const language = signal("");
const list = signal(null); // null until loaded
const loadError = signal(null);

const base = () => `/advisor/sites/${encodeURIComponent(site.peek())}/categories`;
const locales = () => (info.value && info.value.locales) || [];

/** Load the categories of the chosen language (the site's default one at first). */
export async function loadCategories() {
  // The site's languages come with the article list; this runs again when they arrive.
  if (!site.peek() || !locales().length) return;
  if (!language.peek() || !locales().includes(language.peek())) {
    language.value = (info.peek() && info.peek().default_locale) || locales()[0];
  }
  try {
    const data = await api("GET", `${base()}?locale=${encodeURIComponent(language.peek())}`);
    list.value = data.categories;
    loadError.value = null;
  } catch (error) {
    loadError.value = error.message;
  }
}

/** Run a change; reload on success, return the error's message (with its fields) otherwise. */
async function change(method, path, payload, done) {
  try {
    await api(method, path, payload);
    if (done) notice(done);
    await loadCategories();
    return null;
  } catch (error) {
    return [error.message, ...messageLines(error.fields)].filter((v, i, all) => all.indexOf(v) === i)
      .join(" ");
  }
}

function NewCategory() {
  const [title, setTitle] = useState("");
  const [error, setError] = useState(null);
  const submit = async (event) => {
    event.preventDefault();
    const problem = await change("POST", base(), { title, locale: language.peek() },
      t("categories.created"));
    setError(problem);
    if (!problem) setTitle("");
  };
  return (
    <form class="toolbar category-new" onSubmit={submit}>
      <input id="category-new-title" maxlength="200" required value={title} aria-label={t("categories.new_title")}
        placeholder={t("categories.new_title")} onInput={(event) => setTitle(event.currentTarget.value)} />
      <button type="submit">{t("categories.create")}</button>
      <p class="field-error" role="alert" hidden={!error}>{error}</p>
    </form>
  );
}

function Rename({ category, close }) {
  const [title, setTitle] = useState(category.title);
  const [error, setError] = useState(null);
  const submit = async (event) => {
    event.preventDefault();
    const problem = await change("PATCH", `${base()}/${category.id}`, { title }, t("categories.renamed"));
    setError(problem);
    if (!problem) close();
  };
  return (
    <form class="category-rename" onSubmit={submit}>
      <input maxlength="200" required value={title} aria-label={t("categories.title_of", { title: category.title })}
        onInput={(event) => setTitle(event.currentTarget.value)} />
      <button type="submit" class="small-button">{t("categories.save")}</button>
      <button type="button" class="secondary small-button" onClick={close}>{t("categories.cancel")}</button>
      <p class="field-error" role="alert" hidden={!error}>{error}</p>
    </form>
  );
}

function Remove({ category, others, close }) {
  const [target, setTarget] = useState("");
  const [error, setError] = useState(null);
  const confirm = async () => {
    const query = target ? `?move_to=${encodeURIComponent(target)}` : "";
    const problem = await change("DELETE", `${base()}/${category.id}${query}`, undefined,
      t("categories.deleted"));
    setError(problem);
    if (!problem) close();
  };
  return (
    <div class="category-delete" role="group" aria-label={t("categories.delete_of", { title: category.title })}>
      <label>
        <span>{t("categories.move_to", { count: category.article_count })}</span>
        <select value={target} onChange={(event) => setTarget(event.currentTarget.value)}>
          <Option value="" label={t("categories.no_category")} />
          {others.map((other) => <Option value={String(other.id)} label={other.title} />)}
        </select>
      </label>
      <button type="button" class="danger small-button" onClick={confirm}>{t("categories.confirm_delete")}</button>
      <button type="button" class="secondary small-button" onClick={close}>{t("categories.cancel")}</button>
      <p class="field-error" role="alert" hidden={!error}>{error}</p>
    </div>
  );
}

function Row({ category, index, all }) {
  const [mode, setMode] = useState(null); // null, "rename" or "delete"
  const [error, setError] = useState(null);
  const shift = async (step) => {
    const ids = all.map((c) => c.id);
    [ids[index], ids[index + step]] = [ids[index + step], ids[index]];
    setError(await change("PUT", `${base()}/order`, { ids }, t("categories.reordered")));
  };
  const close = () => setMode(null);
  return (
    <tr>
      <td>
        {mode === "rename" ? <Rename category={category} close={close} /> : <strong>{category.title}</strong>}
        {mode === "delete" ? <Remove category={category} close={close}
          others={all.filter((c) => c.id !== category.id)} /> : null}
        <p class="field-error" role="alert" hidden={!error}>{error}</p>
      </td>
      <td><code>{category.slug}</code></td>
      <td>{category.article_count}</td>
      <td class="category-actions">
        <button type="button" class="secondary small-button" disabled={index === 0} onClick={() => shift(-1)}
          aria-label={t("categories.move_up", { title: category.title })}>↑</button>
        <button type="button" class="secondary small-button" disabled={index === all.length - 1}
          onClick={() => shift(1)} aria-label={t("categories.move_down", { title: category.title })}>↓</button>
        <button type="button" class="secondary small-button" onClick={() => setMode("rename")}
          aria-label={t("categories.rename_of", { title: category.title })}>{t("categories.rename")}</button>
        <button type="button" class="secondary small-button" onClick={() => setMode("delete")}
          aria-label={t("categories.delete_of", { title: category.title })}>{t("categories.delete")}</button>
      </td>
    </tr>
  );
}

function Rows() {
  const all = list.value;
  if (loadError.value) return <tr><td colspan="4" class="error">{loadError.value}</td></tr>;
  if (!all) return null;
  if (!all.length) return <tr><td colspan="4" class="empty">{t("categories.none")}</td></tr>;
  return all.map((category, index) => <Row key={category.id} category={category} index={index} all={all} />);
}

/** The categories section of the Articles tab. */
export function CategoriesView() {
  useEffect(() => { loadCategories(); }, [site.value, info.value]);
  return (
    <section class="content-categories" aria-label={t("categories.heading")}>
      <div class="toolbar">
        <select aria-label={t("categories.language")} value={language.value}
          onChange={(event) => { language.value = event.currentTarget.value; loadCategories(); }}>
          {locales().map((code) => <Option value={code} label={t(`language.${code}`)} />)}
        </select>
      </div>
      <NewCategory />
      <table class="category-table">
        <thead><tr>
          <th scope="col">{t("categories.title")}</th><th scope="col">{t("categories.slug")}</th>
          <th scope="col">{t("categories.articles")}</th><th scope="col">{t("categories.actions")}</th>
        </tr></thead>
        <tbody><Rows /></tbody>
      </table>
    </section>
  );
}
