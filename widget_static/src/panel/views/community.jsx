// Community links: questions answered in public live in the help center and open in a new tab.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { helpCenterUrl } from "../links.js";

/** One post's plain text, paragraph by paragraph (the server stores no HTML). */
function PostText({ text }) {
  return String(text || "").split(/\n{2,}/).map((part) => <p class="hw-post-text">{part}</p>);
}

/** Who wrote a post, with the support team's answers marked. */
function Post({ post }) {
  return (
    <div class={post.by_staff ? "hw-post hw-post-staff" : "hw-post"}>
      <p class="hw-post-author">
        <strong>{post.author_name}</strong>
        {post.by_staff && <span class="hw-post-badge">{t("answers_team")}</span>}
      </p>
      <PostText text={post.body} />
    </div>
  );
}

/** An article's public comments with their answers, and a link to ask on its help center page. */
export function PublicAnswers({ slug }) {
  const [data, setData] = useState(null);
  useEffect(() => {
    let current = true;
    api("GET", `/articles/${encodeURIComponent(slug)}/answers`)
      .then((found) => current && setData(found)).catch(() => current && setData(null));
    return () => { current = false; };
  }, [slug]);
  const url = helpCenterUrl(data?.url);
  if (!data) return null;
  return (
    <section class="hw-answers" aria-labelledby="hw-answers-title">
      <h3 id="hw-answers-title">{t("answers_title")}</h3>
      {data.comments.length ? (
        <ul class="hw-answer-list">
          {data.comments.map((comment) => (
            <li key={comment.id}>
              <Post post={comment} />
              {comment.replies.length > 0 && (
                <ul class="hw-answer-replies">
                  {comment.replies.map((reply) => <li key={reply.id}><Post post={reply} /></li>)}
                </ul>
              )}
            </li>
          ))}
        </ul>
      ) : <p class="hw-muted">{t("answers_none")}</p>}
      {url && (
        <a class="hw-button hw-secondary hw-answers-ask" href={url} target="_blank"
          rel="noopener noreferrer">{t("answers_ask")} <span class="hw-visually-hidden">{t("article_new_tab")}</span></a>
      )}
    </section>
  );
}

/** A community question found by search: a link that opens it in the help center, in a new tab. */
export function CommunityResult({ hit, children }) {
  const url = helpCenterUrl(hit.url);
  if (!url) return null;
  return (
    <a class="hw-result hw-result-community" href={url} target="_blank" rel="noopener noreferrer">
      {children}
      <span class="hw-visually-hidden">{t("article_new_tab")}</span>
    </a>
  );
}
