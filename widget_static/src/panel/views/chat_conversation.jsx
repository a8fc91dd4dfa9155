// The chat itself: the messages, the advisor typing, the box to write in and a way to end it.
import { useEffect, useRef, useState } from "preact/hooks";
import { formatDate, t } from "../i18n.js";
import { request } from "../socket.js";
import { config } from "../state.js";
import { Attachments, dropTarget, FileList, useUploads } from "./attachments.jsx";
import { Ended } from "./chat_ended.jsx";
import { sound, SOUND_KEY } from "./chat_prefs.js";
import { advisorTyping, chat, deliver, messages, send, setChat, typed } from "./chat_state.js";
import { MessageText } from "./message_text.jsx";

function MessageItem({ message, seen, onRetry }) {
  const kind = message.author?.kind || "visitor";
  const mine = kind === "visitor";
  return (
    <li class={`hw-msg hw-msg-${kind}${message.id ? "" : " is-pending"}`} data-seq={message.seq}>
      {kind === "advisor" && message.author.name && <p class="hw-msg-author">{message.author.name}</p>}
      {message.body && <MessageText text={message.body} />}
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

/** Under the box: the sound of new messages, and ending the chat (asked to confirm). */
function Footer({ current }) {
  const [ending, setEnding] = useState(false);
  return (
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
  );
}

export function Conversation({ message }) {
  const current = chat.value;
  const list = messages.value;
  const log = useRef(null);
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
          <Footer current={current} />
        </>
      )}
    </div>
  );
}
