// One help article: its sanitized body, the embedded video of a video guide, "was this helpful?",
// the public answers and related articles under it; opened from a suggestion, "did it solve it?".
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { setLocale } from "../i18n.js";
import { navigate, stack } from "../router.js";
import { ensureSession } from "../session.js";
import { ErrorNote, Loading, Screen } from "../ui.jsx";
import { PublicAnswers } from "./community.jsx";
import { DeflectChoice, Solved } from "./suggestions.jsx";

const YOUTUBE_HOSTS = ["youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be",
  "www.youtube-nocookie.com", "youtube-nocookie.com"];
const VIMEO_HOSTS = ["vimeo.com", "www.vimeo.com", "player.vimeo.com"];

/** The player address for a YouTube or Vimeo video URL, or null for any other address. */
export function embedUrl(address) {
  let url;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split("/").filter(Boolean);
  if (YOUTUBE_HOSTS.includes(host)) {
    let id = null;
    if (host === "youtu.be") id = parts[0];
    else if (parts[0] === "watch") id = url.searchParams.get("v");
    else if (["embed", "shorts", "live", "v"].includes(parts[0])) id = parts[1];
    return id && /^[A-Za-z0-9_-]{11}$/.test(id) ? `https://www.youtube-nocookie.com/embed/${id}` : null;
  }
  if (VIMEO_HOSTS.includes(host)) {
    const id = host === "player.vimeo.com" ? (parts[0] === "video" ? parts[1] : null)
      : parts.find((part) => /^\d+$/.test(part));
    return id && /^\d{1,15}$/.test(id) ? `https://player.vimeo.com/video/${id}` : null;
  }
  return null;
}

/** The article's video, played here as the help center plays it: YouTube and Vimeo in their
 * privacy-friendly players, any other web address (an .mp4, a .webm) in the browser's own. */
function Video({ url, title }) {
  if (!url) return null;
  const player = embedUrl(url);
  if (!player) {
    let safe = null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === "https:" || parsed.protocol === "http:") safe = parsed.href;
    } catch { /* not an address: nothing to show */ }
    return safe && (
      <div class="hw-video hw-video-file">
        <video controls preload="metadata" src={safe} aria-label={t("article_video", { title })}
          playsInline />
        <p><a class="hw-video-link" href={safe} target="_blank" rel="noopener noreferrer">{t("article_watch")}</a></p>
      </div>
    );
  }
  return (
    <div class="hw-video">
      <iframe src={player} title={t("article_video", { title })} loading="lazy"
        allow="fullscreen; picture-in-picture; encrypted-media" allowFullScreen
        referrerpolicy="strict-origin-when-cross-origin" />
    </div>
  );
}

/** The body HTML, sanitized by the server (nh3); links open in a new tab without a window handle. */
function Body({ html }) {
  const node = useRef(null);
  useEffect(() => {
    if (!node.current) return;
    for (const link of node.current.querySelectorAll("a[href]")) {
      if (/^(mailto|tel):|^#/i.test(link.getAttribute("href"))) continue; // in-page anchors stay here
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    }
  }, [html]);
  // The one place the panel inserts HTML: article bodies are cleaned with nh3 when saved.
  return <div class="hw-article-body" ref={node} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Load an article by slug (again when `lang` changes: one slug may name it in two languages):
 * [article, error]. */
export function useArticle(slug, lang) {
  const [state, setState] = useState({ article: null, error: null });
  useEffect(() => {
    let current = true;
    setState({ article: null, error: null });
    if (!slug) return undefined;
    (async () => {
      await ensureSession().catch(() => null);
      try {
        const article = await api("GET", `/articles/${encodeURIComponent(slug)}`);
        if (current) setState({ article, error: null });
      } catch (error) {
        if (current) setState({ article: null, error });
      }
    })();
    return () => { current = false; };
  }, [slug, lang]);
  return [state.article, state.error];
}

/** An article's content: category, video and body; `heading` adds the title as an h2. */
export function ArticleContent({ article, heading = false }) {
  return (
    <article class="hw-article" lang={article.locale}>
      {heading && <h2 class="hw-article-title">{article.title}</h2>}
      {article.category && <p class="hw-muted hw-article-category">{article.category.title}</p>}
      {article.video_url ? <Video url={article.video_url} title={article.title} /> : null}
      <Body html={article.body_html || ""} />
    </article>
  );
}

/** "Was this helpful?": yes sends at once, no asks what was missing first; answered once. */
function Feedback({ slug }) {
  const [declined, setDeclined] = useState(false); // "no" picked: the comment form shows
  const [comment, setComment] = useState("");
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(null); // null | "thanks" | "already"
  const [error, setError] = useState(null);

  async function send(helpful) {
    setSending(true);
    setError(null);
    try {
      await ensureSession();
      await api("POST", `/articles/${encodeURIComponent(slug)}/feedback`,
        { body: { helpful, comment: helpful ? "" : comment.trim() } });
      setDone("thanks");
    } catch (failure) {
      if (failure.status === 409) setDone("already");
      else setError(failure);
    } finally {
      setSending(false);
    }
  }

  if (done) {
    return (
      <div class="hw-feedback" role="status">
        <p>{t(done === "thanks" ? "article_thanks" : "article_already")}</p>
      </div>
    );
  }
  if (declined) {
    return (
      <form class="hw-feedback" onSubmit={(event) => { event.preventDefault(); send(false); }}>
        <label for="hw-feedback-comment">{t("article_missing")}</label>
        <textarea id="hw-feedback-comment" rows={3} maxLength={2000} value={comment}
          onInput={(event) => setComment(event.currentTarget.value)} />
        <ErrorNote error={error} />
        <button type="submit" class="hw-button" disabled={sending}>{t("article_send")}</button>
      </form>
    );
  }
  return (
    <div class="hw-feedback" role="group" aria-labelledby="hw-feedback-question">
      <p id="hw-feedback-question">{t("article_helpful")}</p>
      <div class="hw-actions">
        <button type="button" class="hw-button hw-secondary" disabled={sending}
          onClick={() => send(true)}>{t("article_yes")}</button>
        <button type="button" class="hw-button hw-secondary" disabled={sending}
          onClick={() => setDeclined(true)}>{t("article_no")}</button>
      </div>
      <ErrorNote error={error} />
    </div>
  );
}

/** A list of article links that open in the article view. */
export function ArticleList({ articles }) {
  return (
    <ul class="hw-article-list">
      {articles.map((article) => (
        <li key={article.id}>
          <button type="button" class="hw-article-link"
            onClick={() => navigate("article", { slug: article.slug })}>
            <span class="hw-article-link-title">{article.title}</span>
            {article.summary && <span class="hw-article-summary">{article.summary}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A language's name in that language ("Español"), for the switch between translations. */
function languageName(code) {
  try {
    const name = new Intl.DisplayNames([code], { type: "language" }).of(code);
    return name ? name.charAt(0).toLocaleUpperCase(code) + name.slice(1) : code;
  } catch {
    return code.toUpperCase();
  }
}

/** "This article in: Español · Polski": switches the panel to that language on the same article. */
function Translations({ article }) {
  const others = article.translations || [];
  if (!others.length) return null;
  const open = async (other) => {
    await setLocale(other.locale).catch(() => false);
    // The article in the new language replaces this one: "back" returns to where it was opened.
    stack.value = [...stack.value.slice(0, -1), { name: "article", params: { slug: other.slug, lang: other.locale } }];
  };
  return (
    <p class="hw-translations">
      {t("article_in")}{" "}
      {others.map((other, index) => (
        <>
          {index ? " · " : ""}
          <button type="button" class="hw-link" lang={other.locale} onClick={() => open(other)}>
            {languageName(other.locale)}
          </button>
        </>
      ))}
    </p>
  );
}

/** "Related articles": up to four to read next, as the server picks them for this reader. */
function Related({ slug }) {
  const [articles, setArticles] = useState([]);
  useEffect(() => {
    let current = true;
    api("GET", `/articles/${encodeURIComponent(slug)}/related`)
      .then((data) => current && setArticles(data.articles || []), () => null);
    return () => { current = false; };
  }, [slug]);
  if (!articles.length) return null;
  return (
    <section class="hw-related" aria-labelledby="hw-related-title">
      <h2 id="hw-related-title" class="hw-section-title">{t("related_title")}</h2>
      <ArticleList articles={articles} />
    </section>
  );
}

export default function ArticleView({ params }) {
  const deflect = params?.deflect;
  const [article, error] = useArticle(params?.solved ? null : params?.slug, params?.lang);
  if (params?.solved) return <Solved />;
  return (
    <Screen title={article ? article.title : t("article_title")}>
      <ErrorNote error={error} />
      {!article && !error && <Loading />}
      {article && (
        <>
          <Translations article={article} />
          <ArticleContent article={article} />
          {deflect ? <DeflectChoice deflect={deflect} article={article} /> : (
            <>
              <Feedback key={article.slug} slug={article.slug} />
              <PublicAnswers key={`answers-${article.slug}`} slug={article.slug} />
              <Related key={`related-${article.locale}-${article.slug}`} slug={article.slug} />
            </>
          )}
        </>
      )}
    </Screen>
  );
}
