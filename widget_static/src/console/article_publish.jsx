// An article's state in the editor: a badge (draft, scheduled, published), publish now, and
// schedule for a date and time (the server's worker publishes it then).
import "./content.css";
import { useState } from "preact/hooks";
import { api } from "./api.js";
import { base, openEditor } from "./articles_state.js";
import { formatTime, t } from "./i18n.js";
import { fail, toast } from "./toasts.jsx";

/** The value of a datetime-local input for an ISO time, in the advisor's own zone. */
function localInput(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function ArticleState({ article }) {
  const [at, setAt] = useState(localInput(article.publish_at));
  const [error, setError] = useState(null);
  const state = article.state || (article.published ? "published" : "draft");
  const send = async (data, done) => {
    setError(null);
    try {
      const saved = await api("POST", `${base()}/${article.id}/publish`, data);
      toast(t(done), saved.title);
      openEditor(saved);
    } catch (failure) {
      if (failure.fields && failure.fields.at) setError(failure.fields.at.join(" "));
      else fail(failure);
    }
  };
  const cancel = async () => {
    try {
      const saved = await api("POST", `${base()}/${article.id}/unpublish`);
      toast(t("content.unscheduled_done"), saved.title);
      openEditor(saved);
    } catch (failure) {
      fail(failure);
    }
  };
  const schedule = () => {
    const when = at ? new Date(at) : null;
    if (!when || Number.isNaN(when.getTime())) {
      setError(t("content.schedule_pick"));
      return;
    }
    send({ at: when.toISOString() }, "content.scheduled_done");
  };
  return (
    <div class="article-state" role="group" aria-label={t("content.state")}>
      <span class={`badge state-${state}`}>{t(`content.state_${state}`)}</span>
      {state === "scheduled" ? (
        <>
          <span class="hint">{t("content.scheduled_for", { when: formatTime(article.publish_at) })}</span>
          <button type="button" class="secondary" onClick={cancel}>{t("content.unschedule")}</button>
        </>
      ) : null}
      {state !== "published" ? (
        <>
          <button type="button" onClick={() => send({}, "content.published_done")}>{t("content.publish_now")}</button>
          <label class="inline">
            {t("content.schedule_at")}
            <input type="datetime-local" value={at} onInput={(event) => setAt(event.currentTarget.value)} />
          </label>
          <button type="button" class="secondary" onClick={schedule}>{t("content.schedule")}</button>
        </>
      ) : null}
      <p class="field-error" role="alert" hidden={!error}>{error || ""}</p>
    </div>
  );
}
