// One conversation's pane: who, what it is about, its actions, the messages, how it ended, the
// composer and the visitor's context.
import { Composer } from "./chat_composer.jsx";
import { ChatContext } from "./chat_context.jsx";
import { ChatLog } from "./chat_log.jsx";
import { ChatMeta } from "./chat_queue.jsx";
import { TransferForm } from "./chat_transfer.jsx";
import { visitorName } from "./chat_util.js";
import { dismiss } from "./chats_state.js";
import { CollisionNotice } from "./collision_notice.jsx";
import { openCustomer } from "./conversations_state.js";
import { t } from "./i18n.js";

const CLOSED_BECAUSE = { visitor: "chats.closed_by_visitor", unanswered: "chats.closed_unanswered" };

/** How the chat ended (who closed it, the ticket it became, the rating), or where it went. */
function Ended({ conv }) {
  const chat = conv.chat;
  let content = null;
  if (chat.status === "closed") {
    content = [
      <p>{t(CLOSED_BECAUSE[chat.closed_reason] || "chats.closed")}</p>,
      chat.ticket_number ? <p>{t("chats.ticket_number", { number: chat.ticket_number })}</p> : null,
      chat.rating ? <p class="hw-chat-rating">{t("chats.rating", { rating: chat.rating })}</p>
        : <p>{t("chats.no_rating")}</p>,
      chat.rating && chat.rating_comment ? <blockquote>{chat.rating_comment}</blockquote> : null,
    ];
  } else if (!conv.mine()) {
    content = <p>{t("chats.transferred_to", { name: chat.advisor ? chat.advisor.name : "" })}</p>;
  }
  return <div class="hw-chat-ended" hidden={!content} role="status">{content}</div>;
}

export function ChatPane({ conv, shown }) {
  const chat = conv.chat;
  const id = `hw-chat-${chat.id}`;
  const open = conv.mine();
  return (
    <section class="hw-chat-pane" hidden={!shown} data-chat-id={chat.id} aria-labelledby={`${id}-title`}>
      <header class="hw-chat-head">
        <div>
          <h2 class="hw-chat-title" id={`${id}-title`}>{visitorName(chat)}</h2>
          <p class="hw-chats-meta"><ChatMeta chat={chat} /></p>
        </div>
        <div class="hw-chat-actions">
          <button type="button" class="secondary" hidden={!open} onClick={() => conv.openTransfer()}>
            {t("chats.transfer")}
          </button>
          <button type="button" class="secondary danger" hidden={!open} onClick={() => conv.close()}>
            {t("chats.close")}
          </button>
          <button type="button" class="secondary" onClick={() => openCustomer(
            { user_id: chat.visitor && chat.visitor.user_id, visitor_id: chat.visitor && chat.visitor.id })}>
            {t("conv.open_customer")}
          </button>
          <button type="button" class="secondary" hidden={open} onClick={() => dismiss(chat.id)}>
            {t("chats.dismiss")}
          </button>
        </div>
        <TransferForm conv={conv} />
      </header>
      <div class="hw-chat-body">
        <div class="hw-chat-convo">
          <ChatLog conv={conv} shown={shown} />
          <p class="hw-chat-typing" hidden={!conv.visitorTyping}>
            {conv.visitorTyping ? t("chats.typing", { name: visitorName(chat) }) : ""}
          </p>
          <Ended conv={conv} />
          {shown ? <CollisionNotice kind="chat" id={chat.id} /> : null}
          <Composer conv={conv} open={open} error={conv.error} />
        </div>
        <ChatContext conv={conv} />
      </div>
    </section>
  );
}
