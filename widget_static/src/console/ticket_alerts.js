// What a ticket alert from the server ("alert" on the socket) says: an urgent request, an
// escalation, or the requester's reply on a ticket assigned to this advisor.
import { t } from "./i18n.js";

const EXCERPT = 140;

/** Return {title, text, urgent, tag} for the server's alert `{kind, ticket, comment}`. */
export function ticketAlert(alert) {
  const ticket = (alert && alert.ticket) || {};
  const number = ticket.number;
  if (alert && alert.kind === "reply") {
    const comment = alert.comment || {};
    const name = comment.author_name || ticket.created_by || t("alert.someone");
    // Replies come often: one sound and a toast that goes, unlike the urgent ones that stay.
    return { title: t("alert.reply", { name, number }), text: (comment.body || "").slice(0, EXCERPT),
      urgent: false, tag: `ticket-${number}-reply` };
  }
  const title = alert && alert.kind === "escalation" ? t("alert.escalation", { number })
    : t("alert.urgent_ticket", { number });
  return { title, text: ticket.subject || "", urgent: true, tag: `ticket-${number}` };
}
