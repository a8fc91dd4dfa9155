// The customer view: who they are, their account, every ticket and chat over time, the host pages
// they were on recently and their ratings; and an account's people and shared tickets.
import { ConversationRows } from "./conversations_rows.jsx";
import { back, openAccount, openCustomer, pane } from "./conversations_state.js";
import { formatTime, t } from "./i18n.js";
import { Fact } from "./ui.jsx";

function Head({ title }) {
  return (
    <header class="conv-pane-head">
      {pane.value && pane.value.previous ? <button type="button" class="secondary" onClick={back}>{t("conv.back")}</button> : null}
      <h2 id="conv-customer-title">{title}</h2>
    </header>
  );
}

function Section({ title, children }) {
  return <section class="customer-section"><h3>{title}</h3>{children}</section>;
}

function Ratings({ rows }) {
  if (!rows.length) return <p class="empty">{t("customer.no_ratings")}</p>;
  return (
    <ul class="customer-ratings">
      {rows.map((row) => (
        <li data-kind={row.kind}>
          <span class="badge">{t(`conv.kind.${row.kind}`)}</span>{" "}
          <strong>{t("conv.rating_value", { rating: row.rating })}</strong>{" "}
          <span>{row.number ? `#${row.number} ` : ""}{row.title}</span>
          {row.rating_comment ? <blockquote>{row.rating_comment}</blockquote> : null}
        </li>
      ))}
    </ul>
  );
}

export function CustomerView({ data }) {
  const user = data.user;
  const title = user ? (user.name || user.email || user.external_id)
    : t("customer.anonymous", { id: data.visitor ? data.visitor.id : "" });
  return (
    <article class="customer" data-kind={data.kind} aria-labelledby="conv-customer-title">
      <Head title={`${t("customer.title")}: ${title}`} />
      <dl class="facts">
        {user ? <Fact term={t("customer.identified_as")} value={user.external_id} /> : null}
        {user && user.email ? <Fact term={t("customer.email")} value={user.email} /> : null}
        {data.account_name || data.account_id ? <Fact term={t("customer.account")} value={
          <button type="button" class="link" onClick={() => openAccount(data.site, data.account_id)}
            disabled={!data.account_id}>{data.account_name || data.account_id}</button>} /> : null}
        {data.account_type ? <Fact term={t("customer.account_type")} value={data.account_type} /> : null}
        {user && user.support_user ? <Fact term={t("customer.support_user")} value="✓" /> : null}
        {data.last_seen ? <Fact term={t("customer.last_seen")} value={formatTime(data.last_seen)} /> : null}
      </dl>
      <Section title={t("customer.tickets")}>
        <ConversationRows rows={data.tickets} empty={t("customer.no_tickets")} keep />
      </Section>
      <Section title={t("customer.chats")}>
        <ConversationRows rows={data.chats} empty={t("customer.no_chats")} keep />
      </Section>
      <Section title={t("customer.pages")}>
        {data.pages.length ? (
          <ul class="customer-pages">
            {data.pages.map((page) => (
              <li><code>{page.route}</code> <time datetime={page.seen_at}>{formatTime(page.seen_at)}</time></li>
            ))}
          </ul>
        ) : <p class="empty">{t("customer.no_pages")}</p>}
      </Section>
      <Section title={t("customer.ratings")}><Ratings rows={data.ratings} /></Section>
    </article>
  );
}

export function AccountView({ data }) {
  return (
    <article class="customer customer-account" aria-labelledby="conv-customer-title">
      <Head title={t("customer.account_title", { name: data.account_name || data.account_id })} />
      <dl class="facts">
        {data.account_type ? <Fact term={t("customer.account_type")} value={data.account_type} /> : null}
      </dl>
      <Section title={t("customer.people")}>
        {data.users.length ? (
          <ul class="customer-people">
            {data.users.map((user) => (
              <li>
                <button type="button" class="link" onClick={() => openCustomer({ user_id: user.id }, true)}>
                  {user.name || user.email || user.external_id}
                </button>
                {user.email ? ` · ${user.email}` : ""}
              </li>
            ))}
          </ul>
        ) : <p class="empty">{t("customer.no_people")}</p>}
      </Section>
      <Section title={t("customer.shared_tickets")}>
        <ConversationRows rows={data.tickets} empty={t("customer.no_shared")} keep />
      </Section>
    </article>
  );
}
