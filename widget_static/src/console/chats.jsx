// The Chats view: the live queue and the advisor's open chats on the left, one conversation at a
// time on the right. Everything people wrote is rendered as text.
import { ChatPane } from "./chat_pane.jsx";
import { ChatSidebar } from "./chat_queue.jsx";
import { rev } from "./chat_util.js";
import { convs, markActiveRead, view } from "./chats_state.js";
import { t } from "./i18n.js";

export function ChatsView() {
  void rev.value; // any change to the queue or a conversation renders the view again
  return (
    <div class="hw-chats">
      <ChatSidebar />
      <div class="hw-chats-panes">
        <p class="hw-chats-placeholder" hidden={convs.size > 0}>{t("chats.select_chat")}</p>
        {Array.from(convs.values()).map((conv) => (
          <ChatPane key={conv.chat.id} conv={conv} shown={conv.chat.id === view.active} />
        ))}
      </div>
    </div>
  );
}

/** Showing the view again: what is on screen now counts as read. */
export function showChats() {
  setTimeout(markActiveRead, 0);
}
