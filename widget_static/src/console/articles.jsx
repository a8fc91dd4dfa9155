// Article management for site admins: the list of a site's articles; the editor is its own module.
import { useEffect } from "preact/hooks";
import { ArticleEditor } from "./article_editor.jsx";
import { ContentSections, contentSection } from "./content_sections.jsx";
import {
  adminSites, edit, editing, info, listError, listFilters, loadList, openEditor, rows, site,
  startArticles, total,
} from "./articles_state.js";
import { formatTime, t } from "./i18n.js";
import { Option, debounce } from "./ui.jsx";

const COLUMNS = ["articles.title", "articles.language", "articles.kind", "articles.category",
  "articles.status", "articles.updated"];
const searchSoon = debounce(loadList, 300);

function setFilter(name, value) {
  listFilters.value = { ...listFilters.peek(), [name]: value };
}

function Toolbar() {
  const sites = adminSites();
  const f = listFilters.value;
  const locales = (info.value && info.value.locales) || [];
  return (
    <div class="toolbar">
      {sites.length > 1 ? (
        <select aria-label={t("articles.site")} value={site.value} onChange={(event) => {
          site.value = event.currentTarget.value;
          setFilter("locale", "");
          loadList();
        }}>
          {sites.map((s) => <Option value={s.key} label={s.name} />)}
        </select>
      ) : null}
      <select aria-label={t("articles.language")} value={f.locale}
        onChange={(event) => { setFilter("locale", event.currentTarget.value); loadList(); }}>
        <Option value="" label={t("articles.all_languages")} />
        {locales.map((code) => <Option value={code} label={t(`language.${code}`)} />)}
      </select>
      <select aria-label={t("articles.status")} value={f.status}
        onChange={(event) => { setFilter("status", event.currentTarget.value); loadList(); }}>
        <Option value="" label={t("articles.all")} />
        <Option value="published" label={t("articles.published")} />
        <Option value="unpublished" label={t("articles.unpublished")} />
        <Option value="draft" label={t("content.state_draft")} />
        <Option value="scheduled" label={t("content.state_scheduled")} />
      </select>
      <input type="search" maxlength="200" placeholder={t("articles.search")} aria-label={t("articles.search")}
        value={f.q} onInput={(event) => { setFilter("q", event.currentTarget.value); searchSoon(); }} />
      <button type="button" onClick={() => openEditor(null)}>{t("articles.new")}</button>
    </div>
  );
}

function Row({ article }) {
  return (
    <tr class={article.published ? "" : "unpublished"}>
      <td><button type="button" class="link" onClick={() => edit(article.id)}>{article.title}</button></td>
      <td>{article.locale}</td>
      <td>{t(`kind.${article.kind}`)}</td>
      <td>{article.category ? article.category.title : ""}</td>
      <td>
        <span class={`badge ${article.published ? "published" : "draft"} state-${article.state || "draft"}`}>
          {article.published ? t("articles.published") : t(`content.state_${article.state || "draft"}`)}
        </span>
      </td>
      <td>{formatTime(article.updated_at)}</td>
    </tr>
  );
}

function Rows() {
  const list = rows.value;
  if (listError.value) return <tr><td colspan="6" class="error">{listError.value}</td></tr>;
  if (!list) return null;
  if (!list.length) return <tr><td colspan="6" class="empty">{t("articles.none")}</td></tr>;
  return list.map((article) => <Row key={article.id} article={article} />);
}

export function ArticlesView() {
  useEffect(() => { startArticles(); }, []);
  if (!adminSites().length) return null;
  const open = editing.value;
  return (
    <div class="articles">
      <ContentSections hidden={Boolean(open)} />
      <div class="article-list" hidden={Boolean(open) || contentSection.value !== "articles"}>
        <Toolbar />
        <p class="count" aria-live="polite">{rows.value ? t("articles.count", { count: total.value }) : ""}</p>
        <table>
          <thead><tr>{COLUMNS.map((key) => <th scope="col">{t(key)}</th>)}</tr></thead>
          <tbody><Rows /></tbody>
        </table>
      </div>
      {open ? <ArticleEditor key={open.key} article={open.article} /> : null}
    </div>
  );
}
