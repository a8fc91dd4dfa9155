// Incoming mail: the emails received for a site that were not posted (a stranger, an automatic
// reply, a bad reply address...) or failed, each with why, the start of its text, the raw email
// to download and a button to try it again.
import "./inbound_mail.css";
import { useEffect } from "preact/hooks";
import { apiUrl } from "./api.js";
import { show } from "./tabs.jsx";
import { openTranscript } from "./conversations_state.js";
import { formatTime, t } from "./i18n.js";
import { sites } from "./me.js";
import { NO_SITE, VIEWS, chooseSite, filters, mail, pick, retry, seesUnmatched, trying } from "./inbound_mail_state.js";
import { openNumber } from "./tickets_state.js";
import { Labelled, Option, Pager } from "./ui.jsx";
import { useShown } from "./view_shown.js";

function Filters() {
  const f = filters.value;
  const many = sites().length > 1 || seesUnmatched();
  return (
    <form class="filters" role="search" aria-label={t("mail.filters")} onSubmit={(e) => e.preventDefault()}>
      {many ? (
        <Labelled text={t("mail.site")}>
          <select name="site" value={f.site} onChange={(e) => pick("site", e.currentTarget.value)}>
            {sites().map((s) => <Option value={s.key} label={s.name} />)}
            {seesUnmatched() ? <Option value={NO_SITE} label={t("mail.no_site")} /> : null}
          </select>
        </Labelled>
      ) : null}
      <Labelled text={t("mail.show")}>
        <select name="state" value={f.state} onChange={(e) => pick("state", e.currentTarget.value)}>
          {VIEWS.map((v) => <Option value={v} label={t(`mail.view.${v}`)} />)}
        </select>
      </Labelled>
    </form>
  );
}

/** Links to where the email went (or was meant to go): its request or chat. */
function Where({ email }) {
  if (email.ticket_number) {
    return (
      <a href={`#tickets/${email.ticket_number}`}
        onClick={(e) => { e.preventDefault(); openNumber(email.ticket_number); }}>
        {t("mail.ticket", { number: email.ticket_number })}
      </a>
    );
  }
  if (email.chat_id) {
    return (
      <button type="button" class="link"
        onClick={() => { show("conversations"); openTranscript(email.chat_id); }}>
        {t("mail.chat", { id: email.chat_id })}
      </button>
    );
  }
  return null;
}

function Email({ email }) {
  const busy = trying.value.has(email.id);
  return (
    <li class="mail-row" data-id={String(email.id)}>
      <div class="line">
        <time datetime={email.received_at}>{formatTime(email.received_at)}</time>
        <strong class="sender">{t("mail.from", { sender: email.sender || "?" })}</strong>
        <span class={`badge mail-${email.state}`}>{t(`mail.state.${email.state}`)}</span>
      </div>
      <div class="subject">{email.subject || t("mail.no_subject")}</div>
      {email.reason_text ? <p class="reason">{email.reason_text}</p> : null}
      {email.detail ? <p class="mail-detail">{email.detail}</p> : null}
      {email.preview ? <blockquote class="mail-preview">{email.preview}</blockquote> : null}
      <div class="actions">
        <Where email={email} />
        <a class="button secondary" href={apiUrl(`/advisor/inbound-mail/${email.id}/raw`)} download>
          {t("mail.download")}
        </a>
        {email.retriable ? (
          <button type="button" disabled={busy} onClick={() => retry(email.id)}>
            {busy ? t("mail.retrying") : t("mail.retry")}
          </button>
        ) : null}
      </div>
    </li>
  );
}

export function InboundMailView() {
  const shown = useShown("mail");
  // Each showing brings the newest emails (mail keeps arriving while other tabs are open).
  useEffect(() => {
    if (!shown) return;
    chooseSite();
    mail.reload(mail.rows.peek() === null);
  }, [shown]);
  const rows = mail.rows.value;
  const held = filters.value.state === "held";
  return (
    <div class="inbound-mail">
      <h2>{t("mail.title")}</h2>
      <p class="hint">{t("mail.intro")}</p>
      <Filters />
      {mail.error.value ? <p class="form-error" role="alert">{mail.error.value}</p> : null}
      <p class="count" aria-live="polite">{rows ? t("mail.count", { count: mail.total.value }) : ""}</p>
      {rows && !rows.length ? <p class="empty">{t(held ? "mail.none_held" : "mail.none")}</p> : null}
      <ol class="mail-list">{(rows || []).map((email) => <Email key={email.id} email={email} />)}</ol>
      <Pager list={mail} words="mail" />
    </div>
  );
}
