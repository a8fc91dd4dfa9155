// Help on this page: the guides for the host page's route, fetched again when the route changes.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { ensureSession } from "../session.js";
import { hostRoute } from "../state.js";
import { ErrorNote, Loading, Screen } from "../ui.jsx";
import { ArticleList } from "./article.jsx";

/** A search box prefilled with the page's title, for pages no guide covers yet. */
function SearchInstead({ title }) {
  const [q, setQ] = useState(title || "");
  useEffect(() => setQ(title || ""), [title]);
  return (
    <form class="hw-page-search" onSubmit={(event) => { event.preventDefault(); navigate("search", { q: q.trim() }); }}>
      <label class="hw-search-label" for="hw-page-help-q">{t("page_help_none")}</label>
      <input id="hw-page-help-q" type="search" class="hw-search-input" value={q} autocomplete="off"
        onInput={(event) => setQ(event.currentTarget.value)} />
      <div class="hw-actions hw-page-search-actions">
        <button type="submit" class="hw-button">{t("page_help_search")}</button>
      </div>
    </form>
  );
}

export default function PageHelpView() {
  const { route, title } = hostRoute.value;
  const [found, setFound] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let current = true;
    setFound(null);
    setError(null);
    (async () => {
      await ensureSession().catch(() => null);
      try {
        const data = await api("GET", "/context", { query: { route: route || "/", title: title || "" } });
        if (current) setFound(data);
      } catch (failure) {
        if (current) setError(failure);
      }
    })();
    return () => { current = false; };
  }, [route, title]);

  const articles = found?.articles || [];
  return (
    <Screen title={t("page_help_title")}>
      <ErrorNote error={error} />
      {!found && !error && <Loading />}
      {found && articles.length > 0 && (
        <>
          <p>{t(found.matched === "route" ? "page_help_intro" : "page_help_related")}</p>
          <ArticleList articles={articles} />
        </>
      )}
      {(error || (found && !articles.length)) && <SearchInstead title={title} />}
    </Screen>
  );
}
