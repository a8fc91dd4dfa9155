// The forms under a post: edit its text (with a trace) and answer in public as the support team.
import { useState } from "preact/hooks";
import { t } from "./i18n.js";
import { FormError, PostField } from "./post_parts.jsx";
import { act } from "./posts_state.js";

export function EditForm({ post, shown, onCancel }) {
  const [title, setTitle] = useState(post.title);
  const [body, setBody] = useState(post.body);
  const [error, setError] = useState(null);
  const submit = (event) => {
    event.preventDefault();
    const payload = { body };
    if (post.kind === "question") payload.title = title;
    act("PATCH", "", payload, "posts.saved").catch(setError);
  };
  return (
    <form class="post-edit" hidden={!shown} onSubmit={submit}>
      {post.kind === "question" ? (
        <PostField label={t("posts.title")}>
          <input type="text" maxlength="200" value={title} onInput={(event) => setTitle(event.currentTarget.value)} />
        </PostField>
      ) : null}
      <PostField label={t("posts.text")}>
        <textarea rows="5" maxlength="4000" value={body} onInput={(event) => setBody(event.currentTarget.value)} />
      </PostField>
      <FormError error={error} />
      <div class="actions">
        <button type="submit">{t("posts.save")}</button>
        <button type="button" class="secondary" onClick={onCancel}>{t("posts.cancel")}</button>
      </div>
    </form>
  );
}

export function AnswerForm() {
  const [body, setBody] = useState("");
  const [error, setError] = useState(null);
  const submit = (event) => {
    event.preventDefault();
    act("POST", "/answer", { body }, "posts.answered").then(() => setBody(""), setError);
  };
  return (
    <form class="post-answer" onSubmit={submit}>
      <PostField label={t("posts.answer_label")}>
        <textarea rows="4" maxlength="4000" placeholder={t("posts.answer_placeholder")} value={body}
          onInput={(event) => setBody(event.currentTarget.value)} />
      </PostField>
      <FormError error={error} />
      <div class="actions"><button type="submit">{t("posts.publish_answer")}</button></div>
    </form>
  );
}
