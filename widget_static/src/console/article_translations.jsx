// An article's translations: for each other language of the site, pick the same article in it.
import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { base, info } from "./articles_state.js";
import { t } from "./i18n.js";
import { fail, toast } from "./toasts.jsx";
import { Option } from "./ui.jsx";

export function ArticleTranslations({ article }) {
  const site = info.value;
  const others = ((site && site.locales) || []).filter((code) => code !== article.locale);
  const [choices, setChoices] = useState({});
  const [links, setLinks] = useState(() => Object.fromEntries(
    (article.translations || []).map((tr) => [tr.locale, String(tr.id)])));
  useEffect(() => {
    // Candidates per language: the site's articles in it, published or not.
    Promise.all(others.map((code) => api("GET", `${base()}?locale=${encodeURIComponent(code)}&per_page=500`)
      .then((data) => [code, data.articles || []])))
      .then((pairs) => setChoices(Object.fromEntries(pairs))).catch(fail);
  }, [article.id]);
  if (!others.length) return null;
  const save = async () => {
    const body = Object.fromEntries(others.map((code) => [code, links[code] ? Number(links[code]) : null]));
    try {
      const data = await api("PUT", `${base()}/${article.id}/translations`, { links: body });
      setLinks(Object.fromEntries(data.translations.map((tr) => [tr.locale, String(tr.id)])));
      toast(t("content.translations_saved"), article.title);
    } catch (failure) {
      fail(failure);
    }
  };
  return (
    <section class="article-translations">
      <h3>{t("content.translations")}</h3>
      {others.map((code) => (
        <label class="field">
          {t(`language.${code}`)}
          <select value={links[code] || ""} onChange={(event) => setLinks({ ...links, [code]: event.currentTarget.value })}>
            <Option value="" label={t("content.translation_none")} />
            {(choices[code] || []).map((a) => <Option value={String(a.id)} label={a.title} />)}
          </select>
        </label>
      ))}
      <button type="button" class="secondary" onClick={save}>{t("content.translations_save")}</button>
    </section>
  );
}
