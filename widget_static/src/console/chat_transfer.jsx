// Handing a chat to a teammate: pick who (online, away or offline), confirm or cancel.
import { useLayoutEffect, useRef } from "preact/hooks";
import { t } from "./i18n.js";

export function TransferForm({ conv }) {
  const select = useRef(null);
  useLayoutEffect(() => {
    if (conv.focusWanted === "transfer" && select.current) {
      conv.focusWanted = null;
      select.current.focus();
    }
  });
  const state = conv.transfer;
  const selectId = `hw-chat-${conv.chat.id}-transfer`;
  const cancel = (
    <button type="button" class="secondary" onClick={() => conv.closeTransfer()}>{t("chats.cancel")}</button>
  );
  let content = null;
  if (state && state.advisors && !state.advisors.length) {
    content = [<p>{t("chats.no_team")}</p>, cancel];
  } else if (state && state.advisors) {
    content = [
      <label for={selectId}>{t("chats.transfer_to")}</label>,
      <select id={selectId} required ref={select}>
        {state.advisors.map((a) => {
          const presence = a.online ? (a.status === "away" ? "away" : "online") : "offline";
          return <option value={a.id}>{t(`chats.advisor_${presence}`, { name: a.name })}</option>;
        })}
      </select>,
      <button type="submit">{t("chats.transfer_confirm")}</button>,
      cancel,
    ];
  }
  const submit = (event) => {
    event.preventDefault();
    conv.transferTo(Number(select.current && select.current.value));
  };
  return <form class="hw-chat-transfer" hidden={!state} onSubmit={submit}>{content}</form>;
}
