// One ticket: its heading, status, priority and assignee controls, its facts and its thread.
import { useLayoutEffect, useRef } from "preact/hooks";
import { CollisionNotice } from "./collision_notice.jsx";
import { openCustomer } from "./conversations_state.js";
import { formatTime, t } from "./i18n.js";
import { TicketLabels } from "./label_editor.jsx";
import { me } from "./me.js";
import { TicketMerge } from "./ticket_merge.jsx";
import { TicketReply } from "./ticket_reply.jsx";
import { TicketThread } from "./ticket_thread.jsx";
import { PRIORITIES, STATUSES, categoryTitle, change, detail, threadToEnd } from "./tickets_state.js";
import { Fact, Labelled, Option } from "./ui.jsx";

function Controls({ ticket, members }) {
  const mine = me.value || {};
  const assigneeId = ticket.assignee ? ticket.assignee.id : "";
  return (
    <div class="controls">
      <Labelled text={t("tickets.status")}>
        <select name="status" aria-label={t("tickets.status")} value={ticket.status}
          onChange={(event) => change("status", event.currentTarget.value)}>
          {STATUSES.map((s) => <Option value={s} label={t(`status.${s}`)} />)}
        </select>
      </Labelled>
      <Labelled text={t("tickets.priority")}>
        <select name="priority" aria-label={t("tickets.priority")} value={ticket.priority}
          onChange={(event) => change("priority", event.currentTarget.value)}>
          {PRIORITIES.map((p) => <Option value={p} label={t(`priority.${p}`)} />)}
        </select>
      </Labelled>
      <Labelled text={t("tickets.assignee")}>
        <select name="assignee" aria-label={t("tickets.assignee")} value={String(assigneeId)}
          onChange={(event) => change("assignee_id", event.currentTarget.value ? Number(event.currentTarget.value) : null)}>
          <Option value="" label={t("tickets.nobody")} />
          {members.map((m) => (
            <Option value={String(m.id)} label={m.id === mine.id ? t("tickets.me_named", { name: m.name }) : m.name} />
          ))}
        </select>
      </Labelled>
      <button type="button" class="secondary" hidden={assigneeId === mine.id}
        onClick={() => change("assignee_id", mine.id)}>{t("tickets.assign_me")}</button>
    </div>
  );
}

function Facts({ ticket }) {
  const requester = ticket.requester || {};
  const user = requester.user;
  const customer = ticket.customer || {};
  return (
    <dl class="facts">
      <Fact term={t("tickets.requester")} value={[
        (requester.name || "") + (requester.email ? ` <${requester.email}>` : ""),
        customer.user_id || customer.visitor_id ? [" ", <button type="button" class="link"
          onClick={() => openCustomer(customer)}>{t("conv.open_customer")}</button>] : null]} />
      {user && user.account_name ? <Fact term={t("tickets.account")}
        value={user.account_name + (user.account_type ? ` · ${user.account_type}` : "")} /> : null}
      <Fact term={t("tickets.category")} value={categoryTitle(ticket.site, ticket.category, ticket.subcategory)} />
      {ticket.platform ? <Fact term={t("tickets.platform")} value={ticket.platform_label || ticket.platform} /> : null}
      {ticket.page_route ? <Fact term={t("tickets.page_route")} value={ticket.page_route} /> : null}
      {ticket.cc && ticket.cc.length ? <Fact term={t("tickets.cc")} value={ticket.cc.join(", ")} /> : null}
      <Fact term={t("tickets.opened")} value={formatTime(ticket.created_at)} />
      <Fact term={t("tickets.due_label")} cls={ticket.breached ? "overdue" : ""}
        value={formatTime(ticket.due_at) + (ticket.breached ? ` · ${t("tickets.sla_missed")}` : "")} />
      {ticket.rating ? <Fact term={t("tickets.rating")}
        value={`${ticket.rating}/5${ticket.rating_comment ? ` · ${ticket.rating_comment}` : ""}`} /> : null}
    </dl>
  );
}

export function TicketDetail() {
  const shown = detail.value;
  const box = useRef(null);
  const toEnd = threadToEnd.value;
  useLayoutEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [toEnd]);
  const ticket = shown && shown.ticket;
  return (
    <section class="detail" aria-label={t("tickets.detail")}>
      <p class="placeholder" hidden={Boolean(shown)}>{t("tickets.pick_one")}</p>
      <div class="detail-body" hidden={!shown}>
        <div class="detail-head">
          {ticket ? (
            <div>
              <h2><span class="number">{`#${ticket.number} `}</span><span class="subject">{ticket.subject}</span></h2>
              <Controls ticket={ticket} members={shown.members} />
              <Facts ticket={ticket} />
              <TicketLabels ticket={ticket} />
              <TicketMerge ticket={ticket} />
            </div>
          ) : null}
        </div>
        <div class="thread-box" ref={box}>{ticket ? <TicketThread ticket={ticket} /> : null}</div>
        {ticket ? <CollisionNotice kind="ticket" id={ticket.id} /> : null}
        <TicketReply closed={Boolean(ticket) && ticket.status === "closed"} />
      </div>
    </section>
  );
}
