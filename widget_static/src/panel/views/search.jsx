// Search as you type: kind filters, highlighted snippets, "did you mean" and help when nothing
// matches; before anything is typed, the articles most useful on the host's current page.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { navigate, stack } from "../router.js";
import { ensureSession } from "../session.js";
import { config, hostRoute, locale } from "../state.js";
import { ErrorNote, Screen } from "../ui.jsx";
import { ArticleList } from "./article.jsx";
import { CommunityResult } from "./community.jsx";
import { recordClick } from "./search_events.js";

const KINDS = ["", "article", "faq", "video", "download"];
const DEBOUNCE_MS = 200;
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'" };

/** Turn the server's escaped snippet ("a <mark>b</mark> c") into [{text, mark}] without parsing HTML. */
export function snippetParts(snippet) {
  const decode = (text) => text.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, name) => ENTITIES[name]);
  return String(snippet || "").split(/<mark>([\s\S]*?)<\/mark>/).map((text, i) => (
    { text: decode(text), mark: i % 2 === 1 }
  )).filter((part) => part.text);
}

function Snippet({ snippet }) {
  return (
    <p class="hw-snippet">
      {snippetParts(snippet).map((part) => (part.mark ? <mark>{part.text}</mark> : part.text))}
    </p>
  );
}

/** Whether the site's menu offers `item` (chat, new_request...). */
export function offers(item) {
  return (config.value?.menu || []).some((entry) => entry.item === item);
}

/** Buttons to ask a person when the help center has no answer; `text` prefills the request. */
export function AskForHelp({ text }) {
  const chat = offers("chat");
  const request = offers("new_request");
  if (!chat && !request) return null;
  return (
    <div class="hw-ask">
      <p>{t("search_no_luck")}</p>
      <div class="hw-actions">
        {chat && (
          <button type="button" class="hw-button"
            onClick={() => navigate("chat", { message: text })}>{t("search_ask_chat")}</button>
        )}
        {request && (
          <button type="button" class="hw-button hw-secondary"
            onClick={() => navigate("new_request", { subject: text })}>{t("search_ask_request")}</button>
        )}
      </div>
    </div>
  );
}

/** "Popular for this page": the host route's own articles, topped up with the most read. */
function Popular({ route }) {
  const [articles, setArticles] = useState([]);
  const lang = locale.value;
  useEffect(() => {
    let current = true;
    (async () => {
      await ensureSession().catch(() => null);
      const data = await api("GET", "/popular", { query: { route: route || "/" } });
      if (current) setArticles(data.articles || []);
    })().catch(() => null);
    return () => { current = false; };
  }, [route, lang]);
  if (!articles.length) return null;
  return (
    <section class="hw-popular" aria-labelledby="hw-popular-title">
      <h2 id="hw-popular-title" class="hw-section-title">{t("popular_title")}</h2>
      <ArticleList articles={articles} />
    </section>
  );
}

function countText(data) {
  if (!data) return "";
  if (!data.total) return t("search_none", { q: data.query });
  return t("search_count", { count: data.total });
}

export default function SearchView({ params }) {
  const [q, setQ] = useState(params?.q || "");
  const [kind, setKind] = useState(params?.kind || "");
  const [data, setData] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const latest = useRef(0);
  const input = useRef(null);
  const list = useRef(null);

  // The host's search command may hand a mounted view a new query.
  useEffect(() => {
    if (typeof params?.q === "string") setQ(params.q);
  }, [params?.q]);

  useEffect(() => {
    const ask = ++latest.current;
    const words = q.trim();
    if (!words) {
      setData(null);
      setBusy(false);
      setError(null);
      return undefined;
    }
    setBusy(true);
    const timer = setTimeout(async () => {
      try {
        // An identified user also sees the guides meant for their account type.
        await ensureSession().catch(() => null);
        const found = await api("GET", "/search", { query: { q, kind } });
        if (ask !== latest.current) return; // an answer to an older query: dropped
        setData(found);
        setError(null);
      } catch (failure) {
        if (ask === latest.current) setError(failure);
      } finally {
        if (ask === latest.current) setBusy(false);
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, kind]);

  // Arrow keys go from the box into the results and through them; Up from the first returns.
  function onKeyDown(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const items = list.current ? [...list.current.querySelectorAll(".hw-result")] : [];
    if (!items.length) return;
    const at = items.indexOf(document.activeElement);
    let next;
    if (event.key === "ArrowDown") next = at < 0 ? 0 : Math.min(at + 1, items.length - 1);
    else if (at <= 0) next = -1;
    else next = at - 1;
    event.preventDefault();
    if (next < 0) input.current.focus();
    else items[next].focus();
  }

  // Opening a result keeps the query in this view's stack entry, so "back" shows the same results.
  function open(hit, index) {
    // Which result was opened, and at which rank, for the site's insights (never in the way).
    recordClick(data?.search_id, hit.id, (data.page - 1) * data.per_page + index + 1);
    const below = stack.value.slice(0, -1);
    stack.value = [...below, { name: "search", params: { ...params, q, kind } }];
    navigate("article", { slug: hit.slug });
  }

  const results = data?.results || [];
  const suggestion = data?.suggestion && data.suggestion !== data.query.trim() ? data.suggestion : null;
  return (
    <Screen title={t("search_title")} focus="#hw-search-q">
      <div class="hw-search" onKeyDown={onKeyDown}>
        <label class="hw-search-label" for="hw-search-q">{t("search_label")}</label>
        <input id="hw-search-q" ref={input} type="search" class="hw-search-input" value={q}
          autocomplete="off" placeholder={t("search_placeholder")}
          onInput={(event) => setQ(event.currentTarget.value)} />
        <div class="hw-chips" role="group" aria-label={t("search_kinds")}>
          {KINDS.map((value) => (
            <button type="button" class="hw-chip" aria-pressed={kind === value ? "true" : "false"}
              onClick={() => setKind(value)}>
              {t(value ? `search_kind_${value}` : "search_kind_all")}
            </button>
          ))}
        </div>
        <p class="hw-muted hw-search-status" role="status" aria-live="polite">
          {!q.trim() ? t("search_hint") : busy && !data ? t("search_searching") : countText(data)}
        </p>
        <ErrorNote error={error} />
        {suggestion && (
          <p class="hw-suggestion">
            {t("search_did_you_mean")}{" "}
            <button type="button" class="hw-link-button" onClick={() => setQ(suggestion)}>
              {suggestion}
            </button>?
          </p>
        )}
        {results.length > 0 && (
          <ul class="hw-results" ref={list}>
            {results.map((hit, index) => {
              const content = (
                <>
                  <span class="hw-result-title">{hit.title}</span>
                  <span class="hw-result-meta">
                    <span class={`hw-kind hw-kind-${hit.kind}`}>{t(`search_type_${hit.kind}`)}</span>
                    {hit.category && <span>{hit.category.title}</span>}
                  </span>
                  <Snippet snippet={hit.snippet} />
                </>
              );
              // Community questions live in the help center: they open there, in a new tab.
              return (
                <li key={`${hit.kind}-${hit.id}`}>
                  {hit.kind === "community" ? <CommunityResult hit={hit}>{content}</CommunityResult> : (
                    <button type="button" class="hw-result" onClick={() => open(hit, index)}>{content}</button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {data && !data.total && !busy && <AskForHelp text={q.trim()} />}
        {!q.trim() && <Popular route={hostRoute.value.route} />}
      </div>
    </Screen>
  );
}
