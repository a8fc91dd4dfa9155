// The Chats view's left side: the queue of waiting visitors and the advisor's open chats.
import { useEffect, useState } from "preact/hooks";
import { labelIn, siteTopics, visitorName, waited } from "./chat_util.js";
import { activateChat, claim, convs, isClaiming, queued, view } from "./chats_state.js";
import { t } from "./i18n.js";
import { manySites, siteName } from "./me.js";

/** The chat's topic as the site names it for advisors, never its raw key. */
export function TopicTag({ chat }) {
  const [labels, setLabels] = useState(null);
  useEffect(() => {
    let current = true;
    if (chat.topic) siteTopics(chat.site).then((found) => { if (current) setLabels(found); });
    return () => { current = false; };
  }, [chat.site, chat.topic]);
  if (!chat.topic) return null;
  return <span class="hw-chat-topic">{labels ? labelIn(labels[chat.topic], chat.topic) : ""}</span>;
}

/** Which site (when there are several), the topic and the page a chat started on. */
export function ChatMeta({ chat }) {
  return [
    manySites() ? <span>{siteName(chat.site)}</span> : null,
    <TopicTag chat={chat} />,
    chat.page_route ? <code>{chat.page_route}</code> : null,
  ];
}

function QueueItem({ entry }) {
  const chat = entry.chat;
  const name = visitorName(chat);
  return (
    <li class="hw-chats-queued" data-chat-id={chat.id}>
      <div class="hw-chats-queued-head">
        <strong>{name}</strong>{" "}
        <span class="hw-chats-waited">{t("chats.waiting_for", { time: waited(chat.created_at) })}</span>
      </div>
      <div class="hw-chats-meta"><ChatMeta chat={chat} /></div>
      {entry.preview ? <p class="hw-chats-preview">{entry.preview}</p> : null}
      <button type="button" class="hw-chats-claim" aria-label={t("chats.claim_named", { name })}
        disabled={isClaiming(chat.id)} onClick={() => claim(chat.id)}>{t("chats.claim")}</button>
    </li>
  );
}

function stateLabel(conv) {
  if (conv.chat.status === "closed") return t("chats.state_closed");
  if (!conv.mine()) return t("chats.state_transferred");
  return "";
}

function ChatTab({ conv }) {
  const id = conv.chat.id;
  const unread = conv.unread();
  const current = id === view.active;
  return (
    <li>
      <button type="button" class={`hw-chats-tab${current ? " is-active" : ""}`} aria-current={current ? "true" : undefined}
        data-chat-id={id} onClick={() => activateChat(id)}>
        <span class="hw-chats-tab-name">{visitorName(conv.chat)}</span>
        <span class="hw-chats-tab-state">{stateLabel(conv)}</span>
        {unread ? <span class="hw-chats-unread" aria-label={t("chats.unread", { count: unread })}>{String(unread)}</span> : null}
      </button>
    </li>
  );
}

export function ChatSidebar() {
  const entries = queued();
  return (
    <aside class="hw-chats-side" aria-label={t("chats.queue_title")}>
      <h2>{t("chats.queue_title")} <span class="hw-chats-count">{String(entries.length)}</span></h2>
      <p class="hw-chats-empty" hidden={entries.length > 0}>{t("chats.queue_empty")}</p>
      <ul class="hw-chats-queue-list">
        {entries.map((entry) => <QueueItem key={entry.chat.id} entry={entry} />)}
      </ul>
      <h2>{t("chats.mine_title")}</h2>
      <p class="hw-chats-empty" hidden={convs.size > 0}>{t("chats.mine_empty")}</p>
      <ul class="hw-chats-tabs">
        {Array.from(convs.values()).map((conv) => <ChatTab key={conv.chat.id} conv={conv} />)}
      </ul>
      <p class="hw-chats-status" role="status" aria-live="polite">{view.status}</p>
      <p class="hw-chats-offline" role="status" hidden={!view.offline}>{t("chats.disconnected")}</p>
    </aside>
  );
}
