// Pieces of a post as the console shows it: badges, what it answers, its edit history.
import { formatTime, t } from "./i18n.js";

export function Badges({ post }) {
  return [
    <span class="badge kind">{t(`posts.kind.${post.kind}`)}</span>,
    <span class={`badge post-${post.state}`}>{t(`posts.state.${post.state}`)}</span>,
    post.state === "pending" && post.held_reason ? <span class="badge held">{t(`posts.held.${post.held_reason}`)}</span> : null,
    post.by_staff ? <span class="badge staff">{t("posts.support_team")}</span> : null,
    post.flag_count ? <span class="badge flags">{t("posts.flags", { count: post.flag_count })}</span> : null,
    post.accepted_answer_id ? <span class="badge accepted">{t("posts.has_accepted")}</span> : null,
  ];
}

export const PostText = ({ post }) => <div class="text">{post.body}</div>;

/** The article a comment is on, and the post it answers or replies to. */
export function PostContext({ post }) {
  return (
    <div class="post-context">
      {post.article ? (
        <p>
          {`${t("posts.article")}: `}
          <a href={post.article.url} target="_blank" rel="noopener">{post.article.title}</a>
        </p>
      ) : null}
      {post.parent ? (
        <div class="parent">
          <p class="label">{t(post.parent.kind === "question" ? "posts.answer_to" : "posts.reply_to")}</p>
          {post.parent.title ? <strong>{post.parent.title}</strong> : null}
          <p class="by">{post.parent.author_name}</p>
          <PostText post={post.parent} />
        </div>
      ) : null}
    </div>
  );
}

/** What advisors changed, each edit with the text before it. */
export function PostEdits({ post }) {
  if (!post.edits || !post.edits.length) return null;
  return (
    <details class="edits">
      <summary>{t("posts.edits", { count: post.edits.length })}</summary>
      <ol>
        {post.edits.map((edit) => (
          <li>
            <p class="by">{t("posts.edited_by", { name: edit.advisor_name, when: formatTime(edit.at) })}</p>
            {edit.title_before ? <p class="before-title">{edit.title_before}</p> : null}
            <div class="text before">{edit.before}</div>
          </li>
        ))}
      </ol>
    </details>
  );
}

/** A label with its control inside, and the form's error line after it. */
export function PostField({ label, children }) {
  return <div class="field"><label>{label}{children}</label></div>;
}

/** The text of a failed action: the server's field messages, else its message. */
export function errorText(error) {
  const messages = Object.values((error && error.fields) || {}).flat();
  return messages.length ? messages.join(" ") : (error ? error.message : "");
}

export function FormError({ error }) {
  return <p class="field-error" role="alert" hidden={!error}>{error ? errorText(error) : ""}</p>;
}
