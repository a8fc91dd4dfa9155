// A chat read later: its whole transcript with files, who answered, its rating and the ticket it
// became; read-only, with no composer.
import { apiUrl } from "./api.js";
import { bytes, clock } from "./chat_util.js";
import { back, openCustomer, pane } from "./conversations_state.js";
import { formatTime, t } from "./i18n.js";
import { show } from "./tabs.jsx";
import { open as openTicket } from "./tickets_state.js";
import { Fact } from "./ui.jsx";

function Files({ files }) {
  if (!files || !files.length) return null;
  return (
    <ul class="hw-msg-files">
      {files.map((file) => (
        <li>
          <a href={apiUrl(`/advisor/attachments/${encodeURIComponent(file.id)}`)} download={file.filename}
            target="_blank" rel="noopener">{`${file.filename} (${bytes(file.size)})`}</a>
        </li>
      ))}
    </ul>
  );
}

function Message({ message, visitor }) {
  const kind = message.author.kind;
  const name = kind === "visitor" ? visitor : kind === "system" ? t("conv.system") : message.author.name;
  return (
    <li class={`hw-msg hw-msg-${kind}`} data-seq={message.seq}>
      <div class="hw-msg-meta">
        <span class="hw-msg-author">{name}</span>{" "}
        <time datetime={message.created_at} title={formatTime(message.created_at)}>{clock(message.created_at)}</time>
      </div>
      {message.body ? <div class="hw-msg-body">{message.body}</div> : null}
      <Files files={message.attachments} />
    </li>
  );
}

export function Transcript({ data }) {
  const chat = data.chat;
  const visitor = chat.visitor || {};
  const name = visitor.name || t("conv.anonymous");
  const answered = data.answered_by || [];
  return (
    <article class="conv-transcript" data-chat-id={chat.id} aria-labelledby="conv-transcript-title">
      <header class="conv-pane-head">
        {pane.value && pane.value.previous ? <button type="button" class="secondary" onClick={back}>{t("conv.back")}</button> : null}
        <h2 id="conv-transcript-title">{`${t("conv.transcript")}: ${name}`}</h2>
        <button type="button" class="link" onClick={() => openCustomer(
          { user_id: visitor.user_id, visitor_id: visitor.id }, true)}>{t("conv.open_customer")}</button>
      </header>
      {chat.status === "closed" ? <p class="conv-read-only" role="note">{t("conv.read_only")}</p> : null}
      <dl class="facts">
        <Fact term={t("conv.status")} value={t(`conv.status.${chat.status}`)} />
        {visitor.email ? <Fact term={t("customer.email")} value={visitor.email} /> : null}
        {visitor.account_name ? <Fact term={t("customer.account")} value={visitor.account_name} /> : null}
        <Fact term={t("conv.started")} value={formatTime(chat.created_at)} />
        {chat.closed_at ? <Fact term={t("conv.ended")} value={formatTime(chat.closed_at)} /> : null}
        <Fact term={t("conv.answered_by")} value={answered.length ? answered.map((a) => a.name).join(", ") : t("conv.nobody_answered")} />
        <Fact term={t("conv.rating")} value={chat.rating ? t("conv.rating_value", { rating: chat.rating })
          + (chat.rating_comment ? ` · ${chat.rating_comment}` : "") : t("conv.no_rating")} />
        {data.labels && data.labels.length ? <Fact term={t("conv.labels")} value={data.labels.map((l) => l.name).join(", ")} /> : null}
        {data.ticket ? <Fact term={t("conv.became_ticket")} value={
          <button type="button" class="link" onClick={() => { show("tickets"); openTicket(data.ticket.id); }}>
            {t("conv.open_ticket", { number: data.ticket.number })}
          </button>} /> : null}
      </dl>
      <ol class="hw-chat-log conv-log" aria-label={t("conv.transcript")}>
        {(data.messages || []).map((message) => <Message key={message.seq} message={message} visitor={name} />)}
      </ol>
    </article>
  );
}
