// One post: its facts, context and text, the moderation actions, its replies and the answer form.
import { useState } from "preact/hooks";
import { formatTime, t } from "./i18n.js";
import { isAdmin, siteName } from "./me.js";
import { AnswerForm, EditForm } from "./post_forms.jsx";
import { Badges, PostContext, PostEdits, PostText } from "./post_parts.jsx";
import { actOrSay, open } from "./posts_state.js";

function ReplyItem({ post, reply }) {
  const acceptable = post.kind === "question" && reply.kind === "answer" && reply.state === "published" &&
    post.accepted_answer_id !== reply.id;
  return (
    <li class={`message${reply.by_staff ? " advisor" : ""}`}>
      <header>
        <strong>{reply.author_name}</strong>
        <Badges post={reply} />
        {post.accepted_answer_id === reply.id ? <span class="badge accepted">{t("posts.accepted_answer")}</span> : null}
        <time datetime={reply.created_at}>{formatTime(reply.created_at)}</time>
      </header>
      <PostText post={reply} />
      <div class="actions">
        <button type="button" class="link" onClick={() => open(reply.id)}>{t("posts.open")}</button>
        {acceptable ? (
          <button type="button" class="secondary"
            onClick={() => actOrSay("POST", "/accept", { answer_id: reply.id }, "posts.accepted")}>
            {t("posts.accept")}
          </button>
        ) : null}
      </div>
    </li>
  );
}

function ConvertButtons({ post }) {
  if (post.kind !== "question") return null;
  const convert = (to) => actOrSay("POST", "/convert", { to }, "posts.converted");
  return (
    <div class="actions convert">
      {post.converted_article_id ? <span class="badge">{t("posts.converted_article")}</span>
        : isAdmin(post.site) ? <button type="button" class="secondary" onClick={() => convert("article")}>{t("posts.to_article")}</button>
          : null}
      {post.converted_ticket_id ? <span class="badge">{t("posts.converted_ticket", { number: post.converted_ticket_number })}</span>
        : <button type="button" class="secondary" onClick={() => convert("ticket")}>{t("posts.to_ticket")}</button>}
    </div>
  );
}

function Actions({ post, onEdit }) {
  const remove = () => {
    if (window.confirm(t("posts.delete_confirm"))) actOrSay("DELETE", "", undefined, "posts.deleted");
  };
  return (
    <div class="actions">
      {post.state !== "published" ? (
        <button type="button" onClick={() => actOrSay("POST", "/approve", undefined, "posts.approved")}>
          {t("posts.approve")}
        </button>
      ) : null}
      {post.state !== "hidden" ? (
        <button type="button" class="secondary" onClick={() => actOrSay("POST", "/hide", undefined, "posts.hidden_done")}>
          {t("posts.hide")}
        </button>
      ) : null}
      <button type="button" class="secondary" onClick={onEdit}>{t("posts.edit")}</button>
      <button type="button" class="danger" onClick={remove}>{t("posts.delete")}</button>
    </div>
  );
}

function Facts({ post }) {
  const held = post.state === "pending" && post.held_reason;
  return (
    <dl class="facts">
      <dt>{t("posts.author")}</dt>
      <dd>{post.author_name + (post.author_email ? ` <${post.author_email}>` : "")}</dd>
      <dt>{t("posts.site")}</dt><dd>{siteName(post.site)}</dd>
      <dt>{t("posts.language")}</dt><dd>{post.locale}</dd>
      <dt>{t("posts.written")}</dt><dd>{formatTime(post.created_at)}</dd>
      {held ? <dt>{t("posts.why")}</dt> : null}
      {held ? <dd>{t(`posts.held.${post.held_reason}`)}</dd> : null}
    </dl>
  );
}

export function PostDetail({ post }) {
  const [editing, setEditing] = useState(false);
  const answerable = (post.kind === "comment" || post.kind === "question") && post.state !== "hidden";
  const replies = post.replies || [];
  return (
    <div class="post-detail" data-id={String(post.id)}>
      <div class="detail-head">
        <h2>{post.title || t(`posts.kind.${post.kind}`)}</h2>
        <p class="line"><Badges post={post} /></p>
        <Facts post={post} />
      </div>
      <PostContext post={post} />
      <section class="post-body" aria-label={t("posts.text")}><PostText post={post} /></section>
      <PostEdits post={post} />
      <Actions post={post} onEdit={() => setEditing(true)} />
      <EditForm post={post} shown={editing} onCancel={() => setEditing(false)} />
      <ConvertButtons post={post} />
      {replies.length ? (
        <section class="post-replies">
          <h3>{t("posts.replies", { count: replies.length })}</h3>
          <ol class="thread">{replies.map((r) => <ReplyItem key={r.id} post={post} reply={r} />)}</ol>
        </section>
      ) : null}
      {answerable ? <AnswerForm /> : null}
    </div>
  );
}
