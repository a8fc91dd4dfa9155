// The steps of a new request around its form: the cards to choose its type, the confirmation
// once sent, and what a visitor who may not open one can do instead.
import { formatDate, t } from "../i18n.js";
import { navigate, show } from "../router.js";
import { config } from "../state.js";
import { CardIcon } from "./icons.jsx";
import { ContactSummary, SignInOffer, useChatOpen } from "./reach_us.jsx";

const SELF_SERVICE = ["search", "page_help", "chat", "trainings", "contact"];

/** Self-service menu items offered instead of a request. */
function SelfService({ items }) {
  const offered = (config.value?.menu || []).map((entry) => entry.item);
  const chatOpen = useChatOpen();
  // Chat is offered only while someone can answer: else it would send the visitor straight back.
  const list = (items || SELF_SERVICE).filter((item) => offered.includes(item)
    && (item !== "chat" || chatOpen === true));
  if (!list.length) return null;
  return (
    <ul class="hw-ticket-alternatives">
      {list.map((item) => (
        <li key={item}>
          <button type="button" class="hw-button hw-secondary" onClick={() => show(item)}>
            {t(`ticket_alt_${item}`)}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The request types, one card each. */
export function Cards({ categories, onChoose }) {
  return (
    <div>
      <p>{t("ticket_choose_type")}</p>
      <ul class="hw-ticket-cards">
        {categories.map((category) => (
          <li key={category.key}>
            <button type="button" onClick={() => onChoose(category.key)}
              class={category.emergency ? "hw-ticket-card hw-ticket-card-emergency" : "hw-ticket-card"}>
              <CardIcon icon={category.icon} />
              <span class="hw-ticket-card-title">{category.title}</span>
              {category.hint && <span class="hw-ticket-card-hint">{category.hint}</span>}
              {category.description && <span class="hw-ticket-card-text">{category.description}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The request sent: its reference, when to expect an answer, and where to follow it. */
export function Done({ result }) {
  const ticket = result.ticket;
  return (
    <div class="hw-ticket-done" role="status">
      <p class="hw-ticket-done-title">{t("ticket_sent", { reference: ticket.reference })}</p>
      <p>{ticket.expected_response_text || t("ticket_expect", {
        hours: result.expected_response_hours, when: formatDate(ticket.expected_response_by) })}</p>
      <p>{t("ticket_sent_email")}</p>
      <div class="hw-actions">
        <button type="button" class="hw-button"
          onClick={() => navigate("request", { number: ticket.number })}>
          {t("ticket_see_it", { reference: ticket.reference })}
        </button>
        <button type="button" class="hw-button hw-secondary" onClick={() => show("requests")}>
          {t("ticket_my_requests")}
        </button>
      </div>
    </div>
  );
}

/** The visitor may not open requests (only the site's support users may): who may, and what else helps. */
export function Refused({ refused, types, draft }) {
  const designated = refused?.body?.support_users || types.support_users || [];
  // The draft stays saved (see writeDraft): shown here, so nobody thinks it was lost.
  const subject = draft.subject.trim();
  const description = draft.description.trim();
  // From the chat the subject is the question's first line: the question alone says it all.
  const typed = description.startsWith(subject) ? description
    : [subject, description].filter(Boolean).join("\n\n");
  return (
    <div class="hw-ticket-refused">
      <p role="alert">{refused ? refused.message : t("ticket_support_users_only")}</p>
      {designated.length > 0 && (
        <>
          <p>{t("ticket_designated_users")}</p>
          <ul class="hw-ticket-users">
            {designated.map((name) => <li key={name}>{name}</li>)}
          </ul>
        </>
      )}
      <SignInOffer />
      {typed && (
        <div class="hw-draft-kept">
          <p class="hw-label">{t("ticket_your_text")}</p>
          <p class="hw-draft-text">{typed}</p>
          <p class="hw-muted" role="status">{t("ticket_draft_kept")}</p>
        </div>
      )}
      <ContactSummary />
      <p>{t("ticket_self_service")}</p>
      <SelfService items={refused?.body?.alternatives} />
    </div>
  );
}
