// The composer of a conversation: text (Enter sends, Shift+Enter breaks the line), files,
// saved replies, and "typing" told to the visitor.
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { upload } from "./api.js";
import { SuggestList, matchReplies, slashQuery } from "./chat_suggest.jsx";
import { savedReplies } from "./chats_state.js";
import { t } from "./i18n.js";

function FileList({ files, onRemove }) {
  return (
    <ul class="hw-chat-files">
      {files.map((file) => (
        <li>
          {file.uploading ? t("chats.uploading", { name: file.filename }) : file.filename}
          {file.uploading ? null : (
            <button type="button" class="link" aria-label={t("chats.remove_file", { name: file.filename })}
              onClick={() => onRemove(file)}>×</button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** `open` (the chat is the advisor's) and `error` are props: they change while `conv` stays. */
export function Composer({ conv, open, error }) {
  const id = `hw-chat-${conv.chat.id}`;
  const input = useRef(null);
  const fileInput = useRef(null);
  const [files, setFiles] = useState([]); // {filename, size, uploading, id}
  // The open suggestions {start, end, items, index, picker}; a ref, so keys typed fast see it.
  const suggest = useRef(null);
  const asked = useRef(null);
  const [, redraw] = useState(0);
  const setSuggest = (value) => {
    suggest.current = value;
    redraw((n) => n + 1);
  };
  useLayoutEffect(() => {
    if (conv.focusWanted === "composer") {
      conv.focusWanted = null;
      input.current.focus();
    }
  });

  const closeSuggest = () => {
    asked.current = null;
    if (suggest.current) setSuggest(null);
  };
  const openSuggest = (start, end, query, picker) => {
    const token = {};
    asked.current = token;
    savedReplies(conv.chat.site).then((all) => {
      if (asked.current !== token) return;
      setSuggest({ start, end, items: matchReplies(all, conv.chat, query), index: 0, picker: Boolean(picker) });
    });
  };
  const insertReply = (reply) => {
    const s = suggest.current;
    if (!reply || !s) return;
    const field = input.current;
    field.value = field.value.slice(0, s.start) + reply.body + field.value.slice(s.end);
    const caret = s.start + reply.body.length;
    field.setSelectionRange(caret, caret);
    closeSuggest();
    field.focus();
  };
  const togglePicker = () => {
    if (suggest.current && suggest.current.picker) {
      closeSuggest();
      return;
    }
    openSuggest(input.current.selectionStart, input.current.selectionEnd, "", true);
    input.current.focus();
  };

  const send = () => {
    if (files.some((f) => f.uploading)) {
      conv.setError(t("chats.wait_uploads")); // messages go with finished uploads only
      return;
    }
    const body = input.current.value.trim();
    if ((!body && !files.length) || !conv.mine()) return;
    input.current.value = "";
    setFiles([]);
    closeSuggest();
    conv.typing.stop();
    conv.send(body, files);
  };

  const onKeyDown = (event) => {
    const s = suggest.current;
    if (s && s.items.length) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const n = s.items.length;
        setSuggest({ ...s, index: (s.index + (event.key === "ArrowDown" ? 1 : n - 1)) % n });
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        insertReply(s.items[s.index]);
        return;
      }
    }
    if (event.key === "Escape" && s) {
      event.preventDefault();
      closeSuggest();
      return;
    }
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  };
  const onInput = () => {
    const field = input.current;
    conv.typing.typed(Boolean(field.value.trim()));
    const slash = slashQuery(field.value.slice(0, field.selectionStart));
    if (slash) openSuggest(slash.start, field.selectionStart, slash.query);
    else if (suggest.current && !suggest.current.picker) closeSuggest();
  };

  const attach = () => {
    for (const file of Array.from(fileInput.current.files)) {
      const item = { filename: file.name, size: file.size, uploading: true };
      setFiles((old) => [...old, item]);
      const form = new FormData();
      form.append("site", conv.chat.site);
      form.append("file", file);
      upload(form).then((stored) => {
        setFiles((old) => old.map((f) => (f === item ? { filename: stored.filename || f.filename,
          size: stored.size, id: stored.id, uploading: false } : f)));
      }, (error) => {
        setFiles((old) => old.filter((f) => f !== item));
        conv.setError(t("chats.upload_failed", { name: file.name, error: (error && error.message) || "" }));
      });
    }
    fileInput.current.value = "";
  };

  const s = suggest.current;
  return (
    <form class="hw-chat-composer" hidden={!open} onSubmit={(event) => { event.preventDefault(); send(); }}>
      <FileList files={files} onRemove={(file) => setFiles((old) => old.filter((f) => f !== file))} />
      <SuggestList id={`${id}-replies`} suggest={s} onPick={insertReply} />
      <textarea class="hw-chat-input" rows={3} id={`${id}-input`} ref={input}
        aria-label={t("chats.composer_label")} placeholder={t("chats.composer_placeholder")}
        aria-autocomplete="list" aria-controls={`${id}-replies`} aria-expanded={s ? "true" : "false"}
        aria-activedescendant={s && s.items.length ? `${id}-replies-${s.index}` : undefined}
        onKeyDown={onKeyDown} onInput={onInput} onBlur={() => setTimeout(closeSuggest, 150)} />
      <div class="hw-chat-tools">
        <input type="file" multiple hidden ref={fileInput} onChange={attach} />
        <button type="button" class="secondary" onClick={() => fileInput.current.click()}>{t("chats.attach")}</button>
        <button type="button" class="secondary" aria-haspopup="listbox" onMouseDown={(event) => event.preventDefault()}
          onClick={togglePicker}>{t("chats.saved_replies")}</button>
        <button type="submit">{t("chats.send")}</button>
      </div>
      <p class="hw-chat-error" role="alert">{error}</p>
    </form>
  );
}
