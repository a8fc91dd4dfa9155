// Saved replies in a composer (chat or ticket): "/" and a few letters, or the picker button, list
// the site's replies in the conversation's language; arrows move, Enter or Tab inserts, Escape
// closes, and the caret stays in the text box throughout.
import { useRef, useState } from "preact/hooks";
import { savedReplies } from "./chats_state.js";
import { fold } from "./chat_util.js";
import { t } from "./i18n.js";

const MAX_SUGGESTIONS = 8;

/** The replies matching `query` (shortcut first, then title), in `locale` when it has some. */
export function matchReplies(all, locale, query) {
  const inLocale = all.filter((r) => r.locale === locale);
  const pool = inLocale.length ? inLocale : all;
  const q = fold(query);
  const starts = (r) => (fold(r.shortcut).indexOf(q) === 0 ? 0 : 1);
  return pool
    .filter((r) => !q || fold(r.shortcut).indexOf(q) === 0 || fold(r.title).indexOf(q) !== -1)
    .sort((a, b) => starts(a) - starts(b) || a.shortcut.localeCompare(b.shortcut))
    .slice(0, MAX_SUGGESTIONS);
}

/** Where a "/shortcut" being typed starts and what it says so far, or null. */
export function slashQuery(textBeforeCaret) {
  const slash = /(^|\s)\/([^\s/]*)$/.exec(textBeforeCaret);
  return slash ? { start: textBeforeCaret.length - slash[2].length - 1, query: slash[2] } : null;
}

/** The listbox of matching replies; `suggest` is {items, index} or null. */
function SuggestList({ id, suggest, onPick }) {
  return (
    <ul class="hw-chat-suggest" role="listbox" id={id} aria-label={t("chats.saved_replies")} hidden={!suggest}>
      {suggest && !suggest.items.length ? <li class="hw-chat-suggest-none">{t("chats.no_saved_replies")}</li> : null}
      {suggest ? suggest.items.map((reply, index) => (
        <li role="option" id={`${id}-${index}`} class={index === suggest.index ? "is-selected" : undefined}
          aria-selected={index === suggest.index ? "true" : "false"}
          onMouseDown={(event) => { event.preventDefault(); onPick(reply); }}>
          <span class="hw-chat-suggest-key">{`/${reply.shortcut}`}</span>{" "}
          <span class="hw-chat-suggest-title">{reply.title}</span>
          <span class="hw-chat-suggest-body">{reply.body.slice(0, 120)}</span>
        </li>
      )) : null}
    </ul>
  );
}

/**
 * The picker of saved replies for the text box `input` (a ref): `site` and `locale` say whose
 * replies come first; `onText(value)` hears the box's new text after an insertion.
 * Returns {list, listId, fieldProps, onKeyDown, onInput, toggle, close}: render `list` by the box,
 * spread `fieldProps` on it, call `onKeyDown` first (true: the key was the picker's) and
 * `onInput` on every input.
 */
export function useSavedReplyPicker({ id, input, site, locale, onText }) {
  // The open list {start, end, items, index, picker}; a ref, so keys typed fast see it.
  const suggest = useRef(null);
  const asked = useRef(null);
  const [, redraw] = useState(0);
  const listId = `${id}-replies`;
  const setSuggest = (value) => {
    suggest.current = value;
    redraw((n) => n + 1);
  };

  const close = () => {
    asked.current = null;
    if (suggest.current) setSuggest(null);
  };
  const open = (start, end, query, picker) => {
    const token = {};
    asked.current = token;
    savedReplies(site).then((all) => {
      if (asked.current !== token) return; // typed on since, or closed
      setSuggest({ start, end, items: matchReplies(all, locale, query), index: 0, picker: Boolean(picker) });
    });
  };
  const insert = (reply) => {
    const s = suggest.current;
    if (!reply || !s) return;
    const field = input.current;
    field.value = field.value.slice(0, s.start) + reply.body + field.value.slice(s.end);
    const caret = s.start + reply.body.length;
    field.setSelectionRange(caret, caret);
    close();
    field.focus();
    if (onText) onText(field.value);
  };
  const toggle = () => {
    if (suggest.current && suggest.current.picker) {
      close();
    } else {
      open(input.current.selectionStart, input.current.selectionEnd, "", true);
    }
    input.current.focus();
  };

  const onKeyDown = (event) => {
    const s = suggest.current;
    if (s && s.items.length) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const n = s.items.length;
        setSuggest({ ...s, index: (s.index + (event.key === "ArrowDown" ? 1 : n - 1)) % n });
        return true;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        insert(s.items[s.index]);
        return true;
      }
    }
    if (event.key === "Escape" && s) {
      event.preventDefault();
      close();
      return true;
    }
    return false;
  };
  const onInput = () => {
    const field = input.current;
    const slash = slashQuery(field.value.slice(0, field.selectionStart));
    if (slash) open(slash.start, field.selectionStart, slash.query);
    else if (suggest.current && !suggest.current.picker) close();
  };

  const s = suggest.current;
  return {
    list: <SuggestList id={listId} suggest={s} onPick={insert} />,
    listId,
    fieldProps: {
      "aria-autocomplete": "list", "aria-controls": listId, "aria-expanded": s ? "true" : "false",
      "aria-activedescendant": s && s.items.length ? `${listId}-${s.index}` : undefined,
      onBlur: () => setTimeout(close, 150), // a click on an option lands first
    },
    onKeyDown, onInput, toggle, close,
  };
}

/** The button that opens (or closes) the picker; it never takes the focus from the text box. */
export function SavedRepliesButton({ picker }) {
  return (
    <button type="button" class="secondary" aria-haspopup="listbox" aria-controls={picker.listId}
      onMouseDown={(event) => event.preventDefault()} onClick={picker.toggle}>{t("chats.saved_replies")}</button>
  );
}
