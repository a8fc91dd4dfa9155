// What the advisor knows about the visitor: who they are, their open requests, and help
// articles for the page they are on, each with a button that sends its link.
import { t } from "./i18n.js";
import { ChatLabels } from "./label_editor.jsx";

function Row({ label, value }) {
  return value ? [<dt>{label}</dt>, <dd>{value}</dd>] : null;
}

function Articles({ conv, articles }) {
  if (!articles.length) return <p class="hw-chats-empty">{t("chats.no_articles")}</p>;
  return (
    <ul class="hw-chat-articles">
      {articles.map((article) => {
        const url = new URL(article.url, window.location.origin).href;
        return (
          <li>
            <a href={url} target="_blank" rel="noopener">{article.title}</a>
            {article.summary ? <p>{article.summary}</p> : null}
            <button type="button" class="secondary hw-chat-send-link" disabled={!conv.mine()}
              aria-label={t("chats.send_link_named", { title: article.title })}
              onClick={() => conv.send(`${article.title}\n${url}`.trim())}>{t("chats.send_link")}</button>
          </li>
        );
      })}
    </ul>
  );
}

export function ChatContext({ conv }) {
  const ctx = conv.context;
  const v = (ctx && ctx.visitor) || {};
  const tickets = (ctx && ctx.open_tickets) || [];
  return (
    <aside class="hw-chat-context" aria-label={t("chats.context")}>
      <ChatLabels conv={conv} />
      {ctx ? [
        <h3>{t("chats.context")}</h3>,
        <dl class="hw-chat-facts">
          <Row label={t("chats.name")} value={v.name || t("chats.anonymous")} />
          <Row label={t("chats.email")} value={v.email} />
          <Row label={t("chats.account")} value={v.account_name} />
          <Row label={t("chats.account_type")} value={v.account_type} />
          <Row label={t("chats.page")} value={ctx.page_route ? <code>{ctx.page_route}</code> : null} />
        </dl>,
        v.identified ? null : <p class="hw-chats-empty">{t("chats.not_identified")}</p>,
        <h3>{t("chats.open_tickets")}</h3>,
        tickets.length ? (
          <ul class="hw-chat-tickets">
            {tickets.map((ticket) => (
              <li>
                <span class="hw-chat-ticket-number">{`#${ticket.number}`}</span>
                {" "}{ticket.subject}{" "}
                <span class="badge">{ticket.status_label || ticket.status}</span>
              </li>
            ))}
          </ul>
        ) : <p class="hw-chats-empty">{t("chats.no_open_tickets")}</p>,
        <h3>{t("chats.articles")}</h3>,
        <Articles conv={conv} articles={ctx.articles || []} />,
      ] : null}
    </aside>
  );
}
