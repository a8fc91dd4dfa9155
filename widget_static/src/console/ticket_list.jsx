// The ticket inbox's list, sorted by due time, and its pager.
import { formatTime, relativeTime, t } from "./i18n.js";
import { manySites } from "./me.js";
import { BulkBar } from "./ticket_bulk_bar.jsx";
import { choose, chosen } from "./ticket_selection.js";
import { detail, listError, open, tickets, total } from "./tickets_state.js";

function dueText(ticket) {
  if (!ticket.due_at) return "";
  // A deadline that was met or missed no longer counts down.
  if (ticket.first_response_at) {
    return t(ticket.breached ? "tickets.answered_late" : "tickets.answered",
      { when: relativeTime(ticket.first_response_at) });
  }
  if (ticket.breached) return t("tickets.overdue", { when: relativeTime(ticket.due_at) });
  return t("tickets.due", { when: relativeTime(ticket.due_at) });
}

function TicketRow({ ticket, selected }) {
  return (
    <li class="ticket-item">
      <input type="checkbox" class="ticket-pick" checked={chosen.value.has(ticket.id)}
        aria-label={t("bulk.select_ticket", { number: ticket.number })}
        onChange={(event) => choose(ticket.id, event.currentTarget.checked)} />
      <button type="button" class="ticket-row" aria-current={selected ? "true" : "false"}
        data-id={String(ticket.id)} onClick={() => open(ticket.id)}>
        <span class="line">
          <span class="number">{`#${ticket.number}`}</span>
          <span class="subject">{ticket.subject}</span>
        </span>
        <span class="line meta">
          <span>{ticket.requester_name || ticket.requester_email}</span>
          {manySites() ? <span class="site">{ticket.site}</span> : null}
          <span class={`badge status-${ticket.status}`}>{t(`status.${ticket.status}`)}</span>
          <span class={`badge priority-${ticket.priority}`}>{t(`priority.${ticket.priority}`)}</span>
          {ticket.escalated ? <span class="badge escalated">{t("tickets.escalated_badge")}</span> : null}
          {(ticket.labels || []).map((name) => <span class="badge label" key={name}>{name}</span>)}
          <span class="assignee">{ticket.assignee ? ticket.assignee.name : t("tickets.unassigned")}</span>
        </span>
        <span class={`due${ticket.breached ? " overdue" : ""}`} title={formatTime(ticket.due_at)}>
          {dueText(ticket)}
        </span>
      </button>
    </li>
  );
}

export function TicketList() {
  const current = detail.value && detail.value.ticket.id;
  const list = tickets.value;
  const error = listError.value;
  return [
    <BulkBar />,
    <ul class="ticket-list" aria-label={t("tickets.inbox")}>
      {error ? <li class="empty error">{error}</li>
        : !list ? null : list.length ? list.map((ticket) => (
          <TicketRow key={ticket.id} ticket={ticket} selected={ticket.id === current} />))
          : <li class="empty">{t("tickets.none")}</li>}
    </ul>,
  ];
}

export function TicketCount() {
  const loaded = tickets.value !== null;
  return <p class="count" aria-live="polite">{loaded ? t("tickets.count", { count: total.value }) : ""}</p>;
}
