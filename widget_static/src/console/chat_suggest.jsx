// Saved replies in the composer: "/" and a few letters (or the picker button) list the site's
// replies in the chat's language; arrows move, Enter or Tab inserts.
import { fold } from "./chat_util.js";
import { t } from "./i18n.js";

const MAX_SUGGESTIONS = 8;

/** The replies matching `query` (shortcut first, then title), in the chat's language when it has some. */
export function matchReplies(all, chat, query) {
  const inLocale = all.filter((r) => r.locale === chat.locale);
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
export function SuggestList({ id, suggest, onPick }) {
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
