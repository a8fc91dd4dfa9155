// Live chat: availability, topic and name, then the conversation (its state: chat_state.js).
import { useEffect, useRef, useState } from "preact/hooks";
import { formatDate, t } from "../i18n.js";
import { navigate } from "../router.js";
import { on, request } from "../socket.js";
import { config, hostRoute, locale, user } from "../state.js";
import { ErrorNote, Field, Loading, Screen } from "../ui.jsx";
import { Attachments, dropTarget, FileList, useUploads } from "./attachments.jsx";
import { Rating } from "./rating.jsx";
import {
  advisorTyping, availability, chat, deliver, load, loadError, merge, messages, newId, phase,
  resetChat, send, setChat, sound, SOUND_KEY, typed, unsent,
} from "./chat_state.js";
import "./chat.css";

function topicLabel(topic) {
  const label = topic.label;
  if (!label || typeof label === "string") return label || topic.key;
  return label[locale.value] || label.en || Object.values(label)[0] || topic.key;
}

/** Nobody can answer now: say when support opens and offer to leave a request instead. */
function Offline({ state, message }) {
  const [text, setText] = useState(unsent.peek() || message || "");
  const opens = !state.within_hours && state.next_open;
  function leave() {
    const words = text.trim();
    navigate("new_request", { subject: words.split("\n")[0].slice(0, 140), description: words });
  }
  return (
    <div class="hw-chat-offline">
      <p role="status">
        {state.within_hours ? t("chat_busy")
          : opens ? t("chat_closed_until", { date: formatDate(state.next_open) }) : t("chat_closed_now")}
      </p>
      <p>{t("chat_offer_ticket")}</p>
      <Field id="hw-chat-offline-text" label={t("chat_your_question")}>
        <textarea id="hw-chat-offline-text" rows={4} value={text}
          onInput={(event) => setText(event.currentTarget.value)} />
      </Field>
      <button type="button" class="hw-button" onClick={leave}>{t("chat_leave_request")}</button>
    </div>
  );
}

/** Before the chat: a topic, who the visitor is (when the host did not say), the first message. */
function Start({ message, topics, onStarted }) {
  const me = user.value;
  const [form, setForm] = useState({ topic: "", name: "", email: "", body: message || "" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name) => (event) => {
    const value = event.currentTarget.value;
    setForm((current) => ({ ...current, [name]: value }));
  };
  const fieldError = (name) => (error?.fields?.[name] ? [].concat(error.fields[name]).join(" ") : null);

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    if (!me && !form.name.trim()) {
      setError({ message: t("chat_name_needed"), fields: { name: [t("chat_name_needed")] } });
      return;
    }
    setBusy(true);
    setError(null);
    const body = form.body.trim();
    const data = { topic: form.topic, page_route: (hostRoute.value?.route || "").slice(0, 500),
      locale: locale.value };
    if (!me) data.name = form.name.trim();
    if (!me && form.email.trim()) data.email = form.email.trim();
    if (body) Object.assign(data, { body, client_id: newId() });
    try {
      const answer = await request("chat:start", data);
      resetChat();
      setChat(answer.chat);
      merge(answer.messages);
      onStarted();
      phase.value = "chat";
    } catch (failure) {
      if (failure.code === "unavailable") {
        unsent.value = form.body;
        availability.value = { ...availability.peek(), can_chat: false };
      }
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <form class="hw-chat-start" noValidate onSubmit={submit}>
      <p class="hw-muted">{t("chat_intro")}</p>
      {topics.length > 0 && (
        <Field id="hw-chat-topic" label={t("chat_topic")} error={fieldError("topic")}>
          <select id="hw-chat-topic" value={form.topic} onChange={set("topic")}>
            <option value="">{t("chat_topic_any")}</option>
            {topics.map((topic) => <option key={topic.key} value={topic.key}>{topicLabel(topic)}</option>)}
          </select>
        </Field>
      )}
      {!me && (
        <>
          <Field id="hw-chat-name" label={t("chat_name")} error={fieldError("name")}>
            <input id="hw-chat-name" type="text" autocomplete="name" maxLength={200} value={form.name}
              aria-invalid={fieldError("name") ? "true" : undefined} onInput={set("name")} />
          </Field>
          <Field id="hw-chat-email" label={t("chat_email")} hint={t("chat_email_hint")} error={fieldError("email")}>
            <input id="hw-chat-email" type="email" autocomplete="email" maxLength={320} value={form.email}
              aria-describedby="hw-chat-email-hint" aria-invalid={fieldError("email") ? "true" : undefined}
              onInput={set("email")} />
          </Field>
        </>
      )}
      <Field id="hw-chat-first" label={t("chat_first_message")} error={fieldError("body")}>
        <textarea id="hw-chat-first" rows={3} value={form.body} onInput={set("body")} />
      </Field>
      {error && !error.fields && <ErrorNote error={error} />}
      <button type="submit" class="hw-button" disabled={busy}>{t("chat_start")}</button>
    </form>
  );
}

function MessageItem({ message, seen, onRetry }) {
  const kind = message.author?.kind || "visitor";
  const mine = kind === "visitor";
  return (
    <li class={`hw-msg hw-msg-${kind}${message.id ? "" : " is-pending"}`} data-seq={message.seq}>
      {kind === "advisor" && message.author.name && <p class="hw-msg-author">{message.author.name}</p>}
      {message.body && <p class="hw-msg-body">{message.body}</p>}
      <FileList files={message.attachments} />
      <p class="hw-msg-meta">
        {message.created_at && <time dateTime={message.created_at}>{formatDate(message.created_at)}</time>}
        {mine && message.pending === "sending" && <span> · {t("chat_sending")}</span>}
        {mine && seen && <span class="hw-msg-seen"> · {t("chat_seen")}</span>}
      </p>
      {mine && message.pending === "failed" && (
        <p class="hw-msg-failed" role="alert">
          {message.error || t("chat_not_sent")}{" "}
          <button type="button" class="hw-link-button" onClick={() => onRetry(message)}>{t("chat_retry")}</button>
        </p>
      )}
    </li>
  );
}

function Composer({ initial }) {
  const [body, setBody] = useState(initial || "");
  const [dragging, setDragging] = useState(false);
  const [note, setNote] = useState(null);
  const uploads = useUploads();
  const box = useRef(null);
  // Ready to type as soon as the chat starts (a view opened afresh focuses its heading after this).
  useEffect(() => box.current?.focus(), []);

  function submit(event) {
    event?.preventDefault();
    const text = body.trim();
    if (uploads.busy) {
      setNote(t("files_wait"));
      return;
    }
    if (!text && !uploads.ids().length) return;
    setNote(null);
    send(text, uploads.done());
    setBody("");
    uploads.clear();
  }

  return (
    <form class={dragging ? "hw-chat-composer hw-dropping" : "hw-chat-composer"} noValidate onSubmit={submit}
      {...dropTarget(uploads, setDragging)}>
      <label for="hw-chat-input" class="hw-sr-only">{t("chat_message_label")}</label>
      <textarea id="hw-chat-input" ref={box} rows={2} value={body} placeholder={t("chat_placeholder")}
        onInput={(event) => {
          setBody(event.currentTarget.value);
          typed();
        }}
        onKeyDown={(event) => {
          // Enter sends; Shift+Enter starts a new line.
          if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }} />
      <div class="hw-chat-tools">
        <Attachments uploads={uploads} id="hw-chat-files" label={t("chat_attach")} />
        <button type="submit" class="hw-button">{t("chat_send")}</button>
      </div>
      {note && <p class="hw-field-error" role="alert">{note}</p>}
    </form>
  );
}

/** After the chat: the ticket it became, the rating (once) and the transcript by email. */
function Ended({ current }) {
  const me = user.value;
  const [email, setEmail] = useState(me?.email || "");
  const [sent, setSent] = useState(null);
  const [error, setError] = useState(null);

  async function transcript(event) {
    event.preventDefault();
    setError(null);
    try {
      const answer = await request("chat:transcript", { chat_id: current.id, email: email.trim() });
      setSent(answer.email);
    } catch (failure) {
      setError(failure);
    }
  }

  const fieldError = error?.fields?.email ? [].concat(error.fields.email).join(" ") : null;
  return (
    <div class="hw-chat-ended">
      <p class="hw-chat-notice" role="status">{t("chat_ended")}</p>
      {current.ticket_number && (
        <div class="hw-chat-ticket">
          <p>{t("chat_became_ticket", { reference: `#${current.ticket_number}` })}</p>
          <button type="button" class="hw-button hw-secondary"
            onClick={() => navigate("request", { number: current.ticket_number })}>
            {t("chat_see_ticket")}
          </button>
        </div>
      )}
      {current.claimed_at && current.rating == null && (
        <Rating idPrefix="hw-chat-rate" legend={t("chat_rate")} send={async (score, comment) => {
          const answer = await request("chat:rate", { chat_id: current.id, rating: score, comment });
          setChat({ ...chat.peek(), ...answer.chat });
        }} />
      )}
      {current.rating != null && (
        <p class="hw-chat-rated">{t("chat_rated", { n: current.rating })}</p>
      )}
      {sent ? <p role="status">{t("chat_transcript_sent", { email: sent })}</p> : (
        <form class="hw-chat-transcript" noValidate onSubmit={transcript}>
          <Field id="hw-chat-transcript-email" label={t("chat_transcript_email")} error={fieldError}>
            <input id="hw-chat-transcript-email" type="email" autocomplete="email" value={email}
              onInput={(event) => setEmail(event.currentTarget.value)} />
          </Field>
          {error && !fieldError && <ErrorNote error={error} />}
          <button type="submit" class="hw-button hw-secondary">{t("chat_transcript_send")}</button>
        </form>
      )}
      <button type="button" class="hw-link-button" onClick={() => { resetChat(); load(); }}>
        {t("chat_new")}
      </button>
    </div>
  );
}

function Conversation({ message }) {
  const current = chat.value;
  const list = messages.value;
  const log = useRef(null);
  const [ending, setEnding] = useState(false);
  const closed = current.status === "closed";
  const readUpTo = current.advisor_read_seq || 0;
  // "Seen" goes under the last of the visitor's messages the advisor has read.
  const lastSeen = list.filter((item) => item.id && item.author?.kind === "visitor" && item.seq <= readUpTo)
    .map((item) => item.seq).pop();

  useEffect(() => {
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [list.length, advisorTyping.value]);

  return (
    <div class={closed ? "hw-chat is-closed" : "hw-chat"}>
      <p class="hw-chat-notice" role="status">
        {current.status === "queued" && t("chat_waiting", { minutes: config.value?.chat?.wait_minutes || 5 })}
        {current.status === "active" && current.advisor && t("chat_with", { name: current.advisor.name })}
      </p>
      <ol class="hw-chat-log" ref={log} aria-live="polite" aria-label={t("chat_log")}>
        {list.map((item) => (
          <MessageItem key={item.id || item.client_id} message={item}
            seen={Boolean(item.id) && item.seq === lastSeen} onRetry={deliver} />
        ))}
      </ol>
      <p class="hw-chat-typing" aria-live="polite">
        {advisorTyping.value !== null && !closed
          ? t("chat_typing", { name: advisorTyping.value || t("chat_advisor") }) : ""}
      </p>
      {closed ? <Ended current={current} /> : (
        <>
          <Composer initial={message} />
          <div class="hw-chat-footer">
            <label class="hw-chat-sound">
              <input type="checkbox" checked={sound.value} onChange={(event) => {
                sound.value = event.currentTarget.checked;
                try {
                  localStorage.setItem(SOUND_KEY, sound.value ? "on" : "off");
                } catch {
                  /* storage blocked */
                }
              }} />
              {" "}{t("chat_sound")}
            </label>
            {ending ? (
              <span class="hw-chat-end-confirm">
                {t("chat_end_confirm")}{" "}
                <button type="button" class="hw-link-button" onClick={async () => {
                  const answer = await request("chat:close", { chat_id: current.id }).catch(() => null);
                  if (answer) setChat({ ...chat.peek(), ...answer.chat });
                  setEnding(false);
                }}>{t("chat_end_yes")}</button>{" "}
                <button type="button" class="hw-link-button" onClick={() => setEnding(false)}>
                  {t("chat_end_no")}
                </button>
              </span>
            ) : (
              <button type="button" class="hw-link-button" onClick={() => setEnding(true)}>{t("chat_end")}</button>
            )}
          </div>
        </>
      )}
    </div>
  );
}

export default function ChatView({ params }) {
  // What the host or another view asked to say goes into the first message, or else the box.
  const [prefill, setPrefill] = useState(params?.message || "");
  useEffect(() => {
    if (phase.peek() !== "chat" && phase.peek() !== "loading") load();
  }, []);

  const state = availability.value;
  const topics = (config.value?.chat?.topics?.length ? config.value.chat.topics : state?.topics) || [];
  let body;
  if (phase.value === "chat" && chat.value) body = <Conversation message={prefill} />;
  else if (phase.value === "error") {
    body = (
      <>
        <ErrorNote error={loadError.value} />
        <button type="button" class="hw-button" onClick={load}>{t("chat_retry")}</button>
      </>
    );
  } else if (phase.value !== "ready" || !state) body = <Loading />;
  else if (!state.can_chat) body = <Offline state={state} message={prefill} />;
  else body = <Start message={prefill} topics={topics} onStarted={() => setPrefill("")} />;
  return <Screen title={t("chat_title")}>{body}</Screen>;
}
