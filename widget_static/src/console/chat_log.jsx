// A conversation's messages: stored ones in seq order with read receipts, then those on their way.
import { useLayoutEffect, useRef } from "preact/hooks";
import { apiUrl } from "./api.js";
import { bytes, clock, errorText, visitorName } from "./chat_util.js";
import { t } from "./i18n.js";
import { ByEmail } from "./ui.jsx";

/** Files of a message: links to download stored ones, names of those on their way. */
function Attachments({ files, links }) {
  if (!files || !files.length) return null;
  return (
    <ul class="hw-msg-files">
      {files.map((file) => {
        const label = file.filename + (file.size || file.size === 0 ? ` (${bytes(file.size)})` : "");
        return (
          <li>
            {links ? (
              <a href={apiUrl(`/advisor/attachments/${encodeURIComponent(file.id)}`)} download={file.filename}
                target="_blank" rel="noopener">{label}</a>
            ) : label}
          </li>
        );
      })}
    </ul>
  );
}

function MessageItem({ conv, message }) {
  const kind = message.author.kind;
  const name = kind === "visitor" ? visitorName(conv.chat)
    : kind === "system" ? t("chats.system") : (message.author.name || t("chats.you"));
  const seen = message.seq <= conv.visitorRead;
  return (
    <li class={`hw-msg hw-msg-${kind}${kind === "advisor" && seen ? " is-seen" : ""}`} data-seq={message.seq}>
      <div class="hw-msg-meta">
        <span class="hw-msg-author">{name}</span>{" "}
        {message.by_email ? [<ByEmail />, " "] : null}
        <time datetime={message.created_at}>{clock(message.created_at)}</time>
      </div>
      {message.body ? <div class="hw-msg-body">{message.body}</div> : null}
      <Attachments files={message.attachments} links />
      {kind === "advisor" ? <span class="hw-msg-receipt">{seen ? t("chats.seen") : t("chats.sent")}</span> : null}
    </li>
  );
}

function PendingItem({ conv, pending }) {
  const failed = pending.state === "failed";
  return (
    <li class={`hw-msg hw-msg-advisor is-pending${failed ? " is-failed" : ""}`}>
      <div class="hw-msg-meta"><span class="hw-msg-author">{t("chats.you")}</span></div>
      {pending.body ? <div class="hw-msg-body">{pending.body}</div> : null}
      <Attachments files={pending.attachments} links={false} />
      <span class="hw-msg-receipt">
        {failed ? [
          errorText(pending.error), " ",
          <button type="button" class="link" onClick={() => conv.transmit(pending)}>{t("chats.retry")}</button>,
        ] : t("chats.sending")}
      </span>
    </li>
  );
}

export function ChatLog({ conv, shown }) {
  const log = useRef(null);
  useLayoutEffect(() => {
    conv.logEl = log.current;
    // New messages keep the end in view when it was in view; so does showing the chat.
    if (shown && conv.scrollWanted) {
      log.current.scrollTop = log.current.scrollHeight;
      conv.scrollWanted = false;
    }
  });
  return (
    <ol class="hw-chat-log" role="log" aria-live="polite" aria-labelledby={`hw-chat-${conv.chat.id}-title`} ref={log}>
      {conv.sorted().map((message) => <MessageItem key={message.seq} conv={conv} message={message} />)}
      {Array.from(conv.pending.values()).map((pending) => (
        <PendingItem key={pending.client_id} conv={conv} pending={pending} />
      ))}
    </ol>
  );
}
