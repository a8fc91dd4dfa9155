// Live chat: availability, topic and name, then the conversation (its state: chat_state.js).
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n.js";
import { config } from "../state.js";
import { ErrorNote, Loading, Screen } from "../ui.jsx";
import { Conversation } from "./chat_conversation.jsx";
import { Offline, Start } from "./chat_start.jsx";
import { availability, chat, load, loadError, phase } from "./chat_state.js";

export default function ChatView({ params }) {
  // What the host or another view asked to say goes into the first message, or else the box.
  const [prefill, setPrefill] = useState(params?.message || "");
  useEffect(() => {
    if (phase.peek() !== "chat" && phase.peek() !== "loading") load();
  }, []);

  const state = availability.value;
  const topics = (config.value?.chat?.topics?.length ? config.value.chat.topics : state?.topics) || [];
  let body;
  if (phase.value === "chat" && chat.value) body = <Conversation message={prefill} />;
  else if (phase.value === "error") {
    body = (
      <>
        <ErrorNote error={loadError.value} />
        <button type="button" class="hw-button" onClick={load}>{t("chat_retry")}</button>
      </>
    );
  } else if (phase.value !== "ready" || !state) body = <Loading />;
  else if (!state.can_chat) body = <Offline state={state} message={prefill} />;
  else body = <Start message={prefill} topics={topics} onStarted={() => setPrefill("")} />;
  return <Screen title={t("chat_title")}>{body}</Screen>;
}
