// The Conversations view: every ticket and chat of the advisor's sites, open or closed, found by
// text, requester, account, status, advisor, label and dates; beside the list, a chat's
// transcript or a customer.
import { useEffect } from "preact/hooks";
import { ConversationRows } from "./conversations_rows.jsx";
import { EMPTY, conversations, filters, pane } from "./conversations_state.js";
import { Transcript } from "./conversations_transcript.jsx";
import { AccountView, CustomerView } from "./customer.jsx";
import { t } from "./i18n.js";
import { sites } from "./me.js";
import { Labelled, Option, Pager } from "./ui.jsx";

const STATUSES = ["open", "pending", "awaiting_reply", "resolved", "closed", "queued", "active"];

function Field({ name, label, type = "text", placeholder }) {
  return (
    <Labelled text={label}>
      <input type={type} name={name} value={filters.value[name]} placeholder={placeholder || undefined}
        onInput={(event) => { filters.value = { ...filters.peek(), [name]: event.currentTarget.value }; }} />
    </Labelled>
  );
}

function Choice({ name, label, choices }) {
  return (
    <Labelled text={label}>
      <select name={name} value={filters.value[name]}
        onChange={(event) => { filters.value = { ...filters.peek(), [name]: event.currentTarget.value }; }}>
        {choices.map(([value, text]) => <Option value={value} label={text} />)}
      </select>
    </Labelled>
  );
}

function Filters() {
  const submit = (event) => {
    event.preventDefault();
    conversations.reload(true);
  };
  const clear = () => {
    filters.value = { ...EMPTY };
    conversations.reload(true);
  };
  const siteChoices = sites().length > 1 ? [["", t("tickets.all_sites")], ...sites().map((s) => [s.key, s.name])] : null;
  return (
    <form class="conv-filters" role="search" aria-label={t("conv.filters")} onSubmit={submit}>
      <Field name="q" type="search" label={t("conv.search")} placeholder={t("conv.search_placeholder")} />
      <Field name="requester" label={t("conv.requester")} placeholder={t("conv.requester_placeholder")} />
      <Field name="account" label={t("conv.account")} />
      {siteChoices ? <Choice name="site" label={t("tickets.site")} choices={siteChoices} /> : null}
      <Choice name="kind" label={t("conv.kind")} choices={[["", t("conv.any_kind")],
        ["ticket", t("conv.kind.ticket")], ["chat", t("conv.kind.chat")]]} />
      <Choice name="status" label={t("conv.status")} choices={[["", t("conv.any_status")],
        ...STATUSES.map((s) => [s, t(`conv.status.${s}`)])]} />
      <Choice name="advisor" label={t("conv.advisor")} choices={[["", t("conv.anyone")],
        ["me", t("conv.mine")], ["none", t("conv.nobody")]]} />
      <Field name="category" label={t("conv.category")} />
      <Field name="label" label={t("conv.label")} />
      <Field name="since" type="date" label={t("conv.since")} />
      <Field name="until" type="date" label={t("conv.until")} />
      <div class="conv-filter-actions">
        <button type="submit">{t("conv.find")}</button>
        <button type="button" class="secondary" onClick={clear}>{t("conv.clear")}</button>
      </div>
    </form>
  );
}

function Pane() {
  const shown = pane.value;
  if (!shown) return <p class="placeholder">{t("conv.pick_one")}</p>;
  if (shown.kind === "transcript") return <Transcript data={shown.data} />;
  if (shown.kind === "account") return <AccountView data={shown.data} />;
  return <CustomerView data={shown.data} />;
}

export function ConversationsView() {
  useEffect(() => { conversations.reload(true); }, []);
  const loaded = conversations.rows.value !== null;
  return (
    <div class="conversations">
      <div class="conv-list-side">
        <h2 class="visually-hidden">{t("conv.title")}</h2>
        <Filters />
        <p class="count" aria-live="polite">{loaded ? t("conv.count", { count: conversations.total.value }) : ""}</p>
        <ConversationRows rows={conversations.rows.value} error={conversations.error.value} />
        <Pager list={conversations} words="conv" />
      </div>
      <section class="conv-pane" aria-label={t("conv.title")}><Pane /></section>
    </div>
  );
}
