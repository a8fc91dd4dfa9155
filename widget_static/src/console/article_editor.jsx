// The article editor: fields with their hints and errors, a live Markdown preview, save,
// unpublish, and the routes and audience an article is for.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "./api.js";
import { ArticleHistory } from "./article_history.jsx";
import { ArticleState } from "./article_publish.jsx";
import { ArticleTranslations } from "./article_translations.jsx";
import {
  KINDS, base, categories, closeEditor, editing, info, listFilters, openEditor,
} from "./articles_state.js";
import { locale as consoleLocale, t } from "./i18n.js";
import { useMarkdownPreview } from "./markdown_preview.js";
import { fail, toast } from "./toasts.jsx";
import { Option, messageLines } from "./ui.jsx";

const splitList = (text, separator) => text.split(separator).map((s) => s.trim()).filter(Boolean);

function initial(article) {
  const site = info.peek();
  const locales = (site && site.locales) || [consoleLocale];
  const draft = (editing.peek() && editing.peek().draft) || {};
  return {
    title: article ? article.title : draft.title || "",
    slug: article ? article.slug : "",
    locale: article ? article.locale : ((locales.includes(draft.locale) && draft.locale) ||
      listFilters.peek().locale || (site && site.default_locale) || locales[0]),
    category: article && article.category ? article.category.title : "",
    kind: article ? article.kind : "article",
    video_url: article ? article.video_url || "" : "",
    summary: article ? article.summary : "",
    body: article ? article.body : "",
    tags: article ? (article.tags || []).join(", ") : "",
    routes: article ? (article.routes || []).join("\n") : "",
    audience: article ? article.audience || [] : [],
    // A new article starts as a draft: publishing it is a deliberate tick.
    published: article ? article.published : false,
  };
}

/** A labelled field with its hint and its error, tied to the control for screen readers. */
function Field({ name, label, hint, error, children, control }) {
  const id = `article-${name}`;
  return (
    <div class="field" data-field={name} hidden={control && control.hidden}>
      <label for={id}>{label}</label>
      {children({ id, "aria-describedby": `${id}-error${hint ? ` ${id}-hint` : ""}`,
        "aria-invalid": error ? "true" : undefined })}
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      <p class="field-error" id={`${id}-error`} hidden={!error}>{error || ""}</p>
    </div>
  );
}

function Audience({ values, set, attrs }) {
  const types = (info.value && info.value.account_types) || [];
  const chosen = values.audience;
  const [text, setText] = useState(chosen.join(", "));
  return (
    <div class="audience" role="group" {...attrs}>
      {types.length ? types.map((type) => (
        <label class="check">
          <input type="checkbox" name="audience" value={type} checked={chosen.includes(type)}
            onChange={(event) => set("audience", event.currentTarget.checked ? [...chosen, type]
              : chosen.filter((x) => x !== type))} />
          {type}
        </label>
      )) : (
        <input type="text" name="audience" aria-label={t("articles.audience")} value={text}
          onInput={(event) => {
            setText(event.currentTarget.value);
            set("audience", splitList(event.currentTarget.value, /,/));
          }} />
      )}
    </div>
  );
}

/** The slug of the category whose title was typed (a slug names one category even where
 * another's title reads like it), else the text. */
function categoryRef(values) {
  const typed = values.category.trim().replace(/\s+/g, " ");
  const found = categories.peek().find((c) => c.locale === values.locale &&
    c.title.trim().replace(/\s+/g, " ").toLowerCase() === typed.toLowerCase());
  return found ? found.slug : typed;
}

function payload(values) {
  const data = {
    title: values.title, locale: values.locale, category: categoryRef(values), kind: values.kind,
    video_url: values.video_url, summary: values.summary, body: values.body,
    tags: splitList(values.tags, /,/), routes: splitList(values.routes, /\n/),
    audience: values.audience, published: values.published,
  };
  if (values.slug.trim()) data.slug = values.slug.trim();
  return data;
}

export function ArticleEditor({ article }) {
  const [values, setValues] = useState(() => initial(article));
  const [error, setError] = useState(null);
  const [previewHtml, preview] = useMarkdownPreview(article ? article.body_html || "" : "");
  const [videoShown, setVideoShown] = useState(() => values.kind === "video" || Boolean(values.video_url));
  const titleRef = useRef(null);
  useEffect(() => { titleRef.current.focus(); }, []);

  const set = (name, value) => setValues((old) => ({ ...old, [name]: value }));
  const bind = (name) => ({ value: values[name], onInput: (event) => set(name, event.currentTarget.value) });
  const fields = (error && error.fields) || {};
  const fieldError = (name) => (fields[name] ? messageLines(fields[name]).join(" ") : null);
  const NAMES = ["title", "slug", "locale", "category", "kind", "video_url", "summary", "body", "tags",
    "routes", "audience"];
  const stray = Object.keys(fields).filter((name) => !NAMES.includes(name))
    .map((name) => ` ${messageLines(fields[name]).join(" ")}`).join("");
  const site = info.value;
  const locales = (site && site.locales) || [consoleLocale];

  const save = async (event) => {
    event.preventDefault();
    try {
      const saved = article ? await api("PUT", `${base()}/${article.id}`, payload(values))
        : await api("POST", base(), payload(values));
      toast(t("articles.saved"), saved.title);
      openEditor(saved);
    } catch (failure) {
      setError(failure);
    }
  };
  const unpublish = async () => {
    if (!article || !window.confirm(t("articles.unpublish_confirm", { title: article.title }))) return;
    try {
      const done = await api("POST", `${base()}/${article.id}/unpublish`);
      toast(t("articles.unpublished_done"), done.title);
      openEditor(done);
    } catch (failure) {
      fail(failure);
    }
  };
  const field = (name, label, hint, render, control) => (
    <Field name={name} label={label} hint={hint} error={fieldError(name)} control={control}>{render}</Field>
  );

  return (
    <form class="article-editor" noValidate onSubmit={save}>
      <h2>{article ? t("articles.edit_title", { title: article.title }) : t("articles.new_title")}</h2>
      <p class="form-error" role="alert" hidden={!error}>{error ? error.message + stray : ""}</p>
      {article ? <ArticleState article={article} /> : null}
      <div class="grid">
        {field("title", t("articles.title"), null, (a) => (
          <input type="text" maxlength="300" required ref={titleRef} {...a} {...bind("title")} />))}
        {field("slug", t("articles.slug"), t("articles.slug_hint"), (a) => (
          <input type="text" maxlength="200" pattern="[a-z0-9]+(-[a-z0-9]+)*" {...a} {...bind("slug")} />))}
        {field("locale", t("articles.language"), null, (a) => (
          <select {...a} value={values.locale} onChange={(event) => set("locale", event.currentTarget.value)}>
            {locales.map((code) => <Option value={code} label={t(`language.${code}`)} />)}
          </select>))}
        {field("category", t("articles.category"), t("articles.category_hint"), (a) => (
          <input type="text" maxlength="200" list="article-categories" {...a} {...bind("category")} />))}
        {field("kind", t("articles.kind"), null, (a) => (
          <select {...a} value={values.kind} onChange={(event) => {
            const kind = event.currentTarget.value;
            set("kind", kind);
            setVideoShown(kind === "video" || Boolean(values.video_url));
          }}>
            {KINDS.map((k) => <Option value={k} label={t(`kind.${k}`)} />)}
          </select>))}
        {field("video_url", t("articles.video_url"), null, (a) => (
          <input type="url" maxlength="500" placeholder="https://" {...a} {...bind("video_url")} />),
        { hidden: !videoShown })}
      </div>
      {field("summary", t("articles.summary"), null, (a) => (
        <textarea rows="2" maxlength="1000" {...a} {...bind("summary")} />))}
      <div class="split">
        {field("body", t("articles.body"), t("articles.body_hint"), (a) => (
          <textarea rows="18" class="markdown" spellcheck="true" {...a} value={values.body}
            onInput={(event) => {
              set("body", event.currentTarget.value);
              preview(event.currentTarget.value);
            }} />))}
        <div class="field">
          <span class="label">{t("articles.preview")}</span>
          <div class="preview body" aria-live="off" dangerouslySetInnerHTML={{ __html: previewHtml }} />
        </div>
      </div>
      <div class="grid">
        {field("tags", t("articles.tags"), t("articles.tags_hint"), (a) => <input type="text" {...a} {...bind("tags")} />)}
        {field("routes", t("articles.routes"), t("articles.routes_hint"), (a) => (
          <textarea rows="3" placeholder="/invoices/:id" {...a} {...bind("routes")} />))}
        {field("audience", t("articles.audience"), t("articles.audience_hint"), (a) => (
          <Audience values={values} set={set} attrs={a} />))}
      </div>
      <label class="check">
        <input type="checkbox" checked={values.published} onChange={(event) => set("published", event.currentTarget.checked)} />
        {t("articles.publish_toggle")}
      </label>
      <datalist id="article-categories">
        {categories.value.filter((c) => c.locale === values.locale).map((c) => <option value={c.title} />)}
      </datalist>
      <div class="actions">
        <button type="submit">{t("articles.save")}</button>
        <button type="button" class="danger" hidden={!article || !article.published} onClick={unpublish}>
          {t("articles.unpublish")}
        </button>
        <button type="button" class="secondary" onClick={closeEditor}>{t("articles.back")}</button>
        <a class="public-link" target="_blank" rel="noopener" hidden={!article || !article.published}
          href={article && article.url ? article.url : undefined}>{t("articles.view_public")}</a>
      </div>
      {article ? <ArticleHistory article={article} /> : null}
      {article ? <ArticleTranslations article={article} /> : null}
    </form>
  );
}
