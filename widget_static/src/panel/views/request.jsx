// One request: its fields, status and public thread; reply, escalate, close and rate; live updates.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { formatDate, t } from "../i18n.js";
import { ensureSession, onSession } from "../session.js";
import { getSocket, on } from "../socket.js";
import { ErrorNote, Field, fieldText, Loading, Screen, withoutField } from "../ui.jsx";
import { Attachments, dropTarget, FileList, useUploads } from "./attachments.jsx";
import { newId } from "./chat_state.js";
import { Rated, Rating } from "./rating.jsx";
import { StatusTag } from "./requests.jsx";
import { MessageText } from "./message_text.jsx";

const IN_PROGRESS = ["open", "pending", "awaiting_reply"];

function Comment({ comment }) {
  const mine = comment.author_kind === "requester";
  return (
    <li class={`hw-comment hw-comment-${comment.author_kind}`} data-comment-id={comment.id}>
      <p class="hw-comment-head">
        <span class="hw-comment-author">{mine ? t("request_you") : comment.author_name || t("request_support_team")}</span>
        {comment.escalation && <span class="hw-comment-tag">{t("request_escalation")}</span>}
        <time class="hw-comment-time" dateTime={comment.created_at}>{formatDate(comment.created_at)}</time>
      </p>
      <MessageText text={comment.body} className="hw-comment-body" />
      <FileList files={comment.attachments} />
    </li>
  );
}

function Reply({ number, onDone }) {
  const [body, setBody] = useState("");
  const uploads = useUploads();
  const [error, setError] = useState(null);
  const [sending, setSending] = useState(false);
  const [dragging, setDragging] = useState(false);
  // The reply's own id, kept until it is stored: sending it again cannot post it twice.
  const replyId = useRef(newId());
  async function submit(event) {
    event.preventDefault();
    if (sending || uploads.busy) return;
    setSending(true);
    setError(null);
    try {
      await api("POST", `/tickets/${number}/comments`,
        { body: { body, attachments: uploads.ids(), client_id: replyId.current } });
      replyId.current = newId();
      setBody("");
      uploads.clear();
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  }
  return (
    <form class={dragging ? "hw-request-reply hw-dropping" : "hw-request-reply"} onSubmit={submit}
      noValidate {...dropTarget(uploads, setDragging)}>
      <Field id="hw-r-reply" label={t("request_reply")} error={fieldText(error?.fields?.body)}>
        <textarea id="hw-r-reply" rows={4} value={body}
          onInput={(e) => { setBody(e.currentTarget.value); setError((c) => withoutField(c, "body")); }}
          aria-invalid={error?.fields?.body ? "true" : undefined} />
      </Field>
      <Attachments uploads={uploads} id="hw-r-files" />
      <ErrorNote error={error && !error.fields?.body ? error : null} />
      <div class="hw-actions">
        <button type="submit" class="hw-button" disabled={sending || uploads.busy}>
          {sending ? t("ticket_sending") : t("request_send_reply")}
        </button>
      </div>
    </form>
  );
}

function Escalate({ number, onDone }) {
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState("");
  const [error, setError] = useState(null);
  const escalationId = useRef(newId());
  if (!open) {
    return (
      <button type="button" class="hw-button hw-secondary" onClick={() => setOpen(true)}>
        {t("request_escalate")}
      </button>
    );
  }
  async function submit(event) {
    event.preventDefault();
    try {
      await api("POST", `/tickets/${number}/escalate`, { body: { body, client_id: escalationId.current } });
      escalationId.current = newId();
      setOpen(false);
      setBody("");
      onDone();
    } catch (failure) {
      setError(failure);
    }
  }
  return (
    <form class="hw-request-box" onSubmit={submit} noValidate>
      <Field id="hw-r-escalate" label={t("request_escalate_why")} error={fieldText(error?.fields?.body)}>
        <textarea id="hw-r-escalate" rows={3} value={body}
          onInput={(e) => { setBody(e.currentTarget.value); setError((c) => withoutField(c, "body")); }} />
      </Field>
      <ErrorNote error={error && !error.fields?.body ? error : null} />
      <div class="hw-actions">
        <button type="submit" class="hw-button">{t("request_escalate_send")}</button>
        <button type="button" class="hw-button hw-secondary" onClick={() => setOpen(false)}>{t("request_cancel")}</button>
      </div>
    </form>
  );
}

function CloseRequest({ number, onDone }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState(null);
  async function close() {
    try {
      await api("POST", `/tickets/${number}/close`, { body: {} });
      setAsking(false);
      onDone();
    } catch (failure) {
      setError(failure);
    }
  }
  return (
    <div class="hw-request-close">
      {!asking ? (
        <button type="button" class="hw-button hw-secondary" onClick={() => setAsking(true)}>
          {t("request_close")}
        </button>
      ) : (
        <div class="hw-request-box" role="group" aria-label={t("request_close")}>
          <p>{t("request_close_confirm")}</p>
          <div class="hw-actions">
            <button type="button" class="hw-button" onClick={close}>{t("request_close_yes")}</button>
            <button type="button" class="hw-button hw-secondary" onClick={() => setAsking(false)}>{t("request_cancel")}</button>
          </div>
        </div>
      )}
      <ErrorNote error={error} />
    </div>
  );
}

export default function RequestView({ params }) {
  const number = params?.number;
  const [ticket, setTicket] = useState(null);
  const [error, setError] = useState(null);
  const [news, setNews] = useState("");
  const asked = useRef(0);

  async function load() {
    const ask = ++asked.current;
    try {
      await ensureSession();
      const data = await api("GET", `/tickets/${number}`);
      if (ask === asked.current) { setTicket(data.ticket); setError(null); }
    } catch (failure) {
      if (ask === asked.current) setError(failure);
    }
  }

  useEffect(() => { load(); }, [number]);
  useEffect(() => onSession(() => load()), [number]);

  // An advisor's answer or a status change shows at once, and is said to screen readers; what
  // changed before the socket (re)connected is fetched when it does.
  useEffect(() => {
    getSocket().catch(() => null);
    const offConnect = on("connect", () => load());
    const offTicket = on("ticket", (event) => {
      if (event?.ticket?.number !== Number(number)) return;
      if (event.event === "comment" && event.comment?.author_kind === "advisor") {
        setNews(t("request_new_reply", { name: event.comment.author_name || t("request_support_team") }));
      } else if (event.event === "status") {
        setNews(t("request_status_now", { status: event.ticket.status_label }));
      }
      load();
    });
    return () => { offTicket(); offConnect(); };
  }, [number]);

  const title = ticket ? t("request_title", { reference: ticket.reference }) : t("request_title_plain");
  if (error && !ticket) return <Screen title={title}><ErrorNote error={error} /></Screen>;
  if (!ticket) return <Screen title={title}><Loading /></Screen>;
  const facts = [
    ["request_status", <StatusTag status={ticket.status} label={ticket.status_label} />],
    ["request_category", ticket.category_title],
    ["request_platform", ticket.platform_label || ticket.platform],
    ["request_priority", ticket.priority_label],
    ["request_created_by", ticket.created_by],
    ["request_created", formatDate(ticket.created_at)],
    ["request_updated", formatDate(ticket.updated_at)],
    // The promise of a first answer matters only until one came.
    ["request_expected", IN_PROGRESS.includes(ticket.status)
      && !ticket.comments.some((c) => c.author_kind === "advisor")
      ? ticket.expected_response_when || formatDate(ticket.expected_response_by) : ""],
    ["request_cc", (ticket.cc || []).join(", ")],
    ["request_page", ticket.page_route],
    ["request_diagnostics", ticket.diagnostics_attached ? t("request_diagnostics_attached") : ""],
  ].filter(([, value]) => value);
  return (
    <Screen title={title}>
      <div class="hw-request">
        <p class="hw-visually-hidden" role="status" aria-live="polite">{news}</p>
        <h2 class="hw-request-subject">{ticket.subject}</h2>
        {ticket.escalated && <p class="hw-comment-tag">{t("request_escalated")}</p>}
        <dl class="hw-request-facts">
          {facts.map(([key, value]) => (
            <div key={key}><dt>{t(key)}</dt><dd>{value}</dd></div>
          ))}
        </dl>
        <h3>{t("request_description")}</h3>
        <p class="hw-comment-body hw-request-description">{ticket.description}</p>
        <FileList files={ticket.attachments} />
        <h3>{t("request_thread")}</h3>
        {ticket.comments.length === 0
          ? <p class="hw-muted">{t("request_no_comments")}</p>
          : <ol class="hw-thread">{ticket.comments.map((c) => <Comment key={c.id} comment={c} />)}</ol>}
        {ticket.can_comment
          ? <Reply number={ticket.number} onDone={load} />
          : <p class="hw-muted">{t("request_closed_note", { reference: ticket.reference })}</p>}
        {ticket.can_rate && (
          <Rating idPrefix="hw-r-rating" legend={t("request_rate")} send={async (score, comment) => {
            const answer = await api("POST", `/tickets/${ticket.number}/rating`, { body: { score, comment } });
            setTicket(answer.ticket);
          }} />
        )}
        {ticket.rating != null && <Rated score={ticket.rating} comment={ticket.rating_comment} />}
        <div class="hw-actions hw-request-actions">
          {IN_PROGRESS.includes(ticket.status) && !ticket.escalated && <Escalate number={ticket.number} onDone={load} />}
          {ticket.can_close && <CloseRequest number={ticket.number} onDone={load} />}
        </div>
        <ErrorNote error={error} />
      </div>
    </Screen>
  );
}
