// Lines of tickets and chats, as Conversations and the customer views list them.
import { openCustomer, openRow, pane } from "./conversations_state.js";
import { formatTime, t } from "./i18n.js";
import { manySites } from "./me.js";

function statusText(row) {
  return t(`conv.status.${row.status}`);
}

export function ConversationRow({ row, keep }) {
  const requester = row.requester || {};
  const who = requester.name || requester.email || t("conv.anonymous");
  const shown = pane.value;
  const current = shown && shown.kind === "transcript" && row.kind === "chat" && shown.data.chat.id === row.id;
  return (
    <li class={`conv-row conv-${row.kind}`} data-kind={row.kind} data-id={String(row.id)}>
      <button type="button" class="conv-open" aria-current={current ? "true" : "false"}
        onClick={() => openRow(row, keep)}>
        <span class="line">
          <span class={`badge kind-${row.kind}`}>{t(`conv.kind.${row.kind}`)}</span>
          {row.number ? <span class="number">{`#${row.number}`}</span> : null}
          <span class="subject">{row.title || t("conv.no_message")}</span>
        </span>
        <span class="line meta">
          <span class="requester">{who}</span>
          {manySites() ? <span class="site">{row.site}</span> : null}
          <span class={`badge status-${row.status}`}>{statusText(row)}</span>
          <span class="assignee">{row.advisor ? row.advisor.name : t("conv.unassigned")}</span>
          {(row.labels || []).map((label) => <span class="badge conv-label">{label.name}</span>)}
          <time datetime={row.created_at}>{formatTime(row.created_at)}</time>
        </span>
      </button>
      {requester.user_id || requester.visitor_id ? (
        <button type="button" class="link conv-customer"
          aria-label={t("conv.open_customer_named", { name: who })}
          onClick={() => openCustomer(requester, keep)}>{t("conv.open_customer")}</button>
      ) : null}
    </li>
  );
}

export function ConversationRows({ rows, error, empty, keep = false }) {
  return (
    <ul class="conv-list" aria-label={t("conv.title")}>
      {error ? <li class="empty error">{error}</li>
        : !rows ? null : rows.length ? rows.map((row) => (
          <ConversationRow key={`${row.kind}-${row.id}`} row={row} keep={keep} />))
          : <li class="empty">{empty || t("conv.none")}</li>}
    </ul>
  );
}
