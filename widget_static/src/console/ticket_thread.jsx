// One ticket's thread: the request, the diagnostics the requester attached, then every reply
// and internal note, as text only.
import { apiUrl } from "./api.js";
import { formatTime, t } from "./i18n.js";
import { ByEmail, Fact } from "./ui.jsx";

function AttachmentLinks({ files }) {
  if (!files || !files.length) return null;
  return (
    <ul class="files">
      {files.map((file) => (
        <li><a href={apiUrl(`/advisor/attachments/${encodeURIComponent(file.id)}`)} download={file.filename}>
          {file.filename}
        </a></li>
      ))}
    </ul>
  );
}

function Message({ kind, name, when, text, files, internal, escalation, byEmail }) {
  const classes = `message ${kind}${internal ? " internal" : ""}${escalation ? " escalation" : ""}`;
  return (
    <article class={classes}>
      <header>
        <strong class="author">{name || t(kind === "system" ? "chats.system" : "tickets.someone")}</strong>
        {internal ? <span class="badge internal">{t("tickets.internal_note")}</span> : null}
        {escalation ? <span class="badge escalated">{t("tickets.escalated_badge")}</span> : null}
        {byEmail ? <ByEmail /> : null}
        <time datetime={when || ""}>{formatTime(when)}</time>
      </header>
      <div class="text">{text || ""}</div>
      <AttachmentLinks files={files} />
    </article>
  );
}

const DIAGNOSTIC_FACTS = ["browser", "os", "screen", "language", "timezone"];

// What the requester chose to attach with the request: each part labelled, as text only.
function Diagnostics({ found }) {
  if (!found) return null;
  const routes = found.routes || [];
  const errors = found.errors || [];
  return (
    <section class="message diagnostics" aria-label={t("tickets.diagnostics")}>
      <header><strong>{t("tickets.diagnostics")}</strong></header>
      <dl class="facts">
        {DIAGNOSTIC_FACTS.map((key) => (found[key] ? <Fact term={t(`tickets.diag_${key}`)} value={found[key]} /> : null))}
        {found.time ? <Fact term={t("tickets.diag_time")} value={found.time} /> : null}
      </dl>
      {routes.length ? [
        <p class="diag-label">{t("tickets.diag_routes")}</p>,
        <ol class="files diag-routes">{routes.map((route) => <li>{route}</li>)}</ol>,
      ] : null}
      {errors.length ? [
        <p class="diag-label">{t("tickets.diag_errors")}</p>,
        <ul class="files diag-errors">
          {errors.map((error) => (
            <li>
              <code>{error.message || ""}</code>
              {error.source ? <span>{` · ${t("tickets.diag_where", { source: error.source, line: error.line || 0 })}`}</span> : null}
              {error.at ? <time datetime={error.at}>{` · ${formatTime(error.at)}`}</time> : null}
            </li>
          ))}
        </ul>,
      ] : null}
    </section>
  );
}

export function TicketThread({ ticket }) {
  const requester = ticket.requester || {};
  return (
    <div class="thread" aria-label={t("tickets.thread")}>
      <Message kind="requester" name={requester.name} when={ticket.created_at}
        text={ticket.description} files={ticket.attachments} byEmail={ticket.channel === "email"} />
      <Diagnostics found={ticket.diagnostics} />
      {(ticket.comments || []).map((c) => (
        <Message key={c.id} kind={c.author_kind} name={c.author_name} when={c.created_at} text={c.body}
          files={c.attachments} internal={c.internal} escalation={c.escalation} byEmail={c.by_email} />
      ))}
    </div>
  );
}
