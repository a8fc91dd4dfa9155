// The composer of a conversation: text (Enter sends, Shift+Enter breaks the line), files,
// saved replies, and "typing" told to the visitor.
import { useLayoutEffect, useRef } from "preact/hooks";
import { AttachButton, FileChips, useAttachments } from "./attachment_upload.jsx";
import { t } from "./i18n.js";
import { SavedRepliesButton, useSavedReplyPicker } from "./saved_reply_picker.jsx";

/** `open` (the chat is the advisor's) and `error` are props: they change while `conv` stays. */
export function Composer({ conv, open, error }) {
  const id = `hw-chat-${conv.chat.id}`;
  const input = useRef(null);
  const attached = useAttachments(conv.chat.site, (text) => conv.setError(text));
  const picker = useSavedReplyPicker({ id, input, site: conv.chat.site, locale: conv.chat.locale });
  useLayoutEffect(() => {
    if (conv.focusWanted === "composer") {
      conv.focusWanted = null;
      input.current.focus();
    }
  });

  const send = () => {
    if (attached.uploading) {
      conv.setError(t("chats.wait_uploads")); // messages go with finished uploads only
      return;
    }
    const body = input.current.value.trim();
    const files = attached.files;
    if ((!body && !files.length) || !conv.mine()) return;
    input.current.value = "";
    attached.clear();
    picker.close();
    conv.typing.stop();
    conv.send(body, files);
  };

  const onKeyDown = (event) => {
    if (picker.onKeyDown(event)) return;
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  };
  const onInput = () => {
    conv.typing.typed(Boolean(input.current.value.trim()));
    picker.onInput();
  };
  const remove = (file) => {
    attached.remove(file);
    input.current.focus(); // the chip's button is gone: back to the text
  };

  return (
    <form class="hw-chat-composer" hidden={!open} onSubmit={(event) => { event.preventDefault(); send(); }}>
      <FileChips files={attached.files} onRemove={remove} />
      {picker.list}
      <textarea class="hw-chat-input" rows={3} id={`${id}-input`} ref={input}
        aria-label={t("chats.composer_label")} placeholder={t("chats.composer_placeholder")}
        {...picker.fieldProps} onKeyDown={onKeyDown} onInput={onInput} />
      <div class="hw-chat-tools">
        <AttachButton onFiles={attached.add} />
        <SavedRepliesButton picker={picker} />
        <button type="submit">{t("chats.send")}</button>
      </div>
      <p class="hw-chat-error" role="alert">{error}</p>
    </form>
  );
}
