// Keyboard shortcuts for advisors who work in the console all day: "g" then a letter changes view,
// j/k walk the current list, c claims a waiting chat, r/n/s reach the reply box, the note and the
// status, "/" the view's search, "?" lists them all. They never fire while the advisor types in a
// field, nor with Ctrl, Meta or Alt held (the browser's and the system's own shortcuts).
import { claim, isClaiming, queued } from "./chats_state.js";
import { t } from "./i18n.js";
import { closeShortcuts, openShortcuts, shortcutsShown, startShortcutsDialog } from "./shortcuts_dialog.jsx";
import { show } from "./tabs.jsx";
import { notice } from "./toasts.jsx";

// "g" then one of these letters, within PREFIX_MS, shows a view.
const GO = { c: "chats", t: "tickets", v: "conversations" };
const PREFIX_MS = 1500;

// What the keys reach in each view, by the views' own markup (a renamed class breaks
// tests/browser/test_shortcuts_alerts_browser.py, which presses every key).
const LISTS = {
  chats: ".hw-chats-tab",
  tickets: ".inbox .ticket-row",
  conversations: ".conv-list-side .conv-open",
};
const CHAT_COMPOSER = ".hw-chat-pane:not([hidden]) textarea";
const TICKET_REPLY = ".detail form.reply textarea[name='body']";
const TICKET_NOTE_TOGGLE = ".detail form.reply input[name='internal']";
const TICKET_STATUS = ".detail .controls select[name='status']";
// A view's search box (its free text "q"), else its first search field, else the first text
// field of its search form.
const SEARCH = ["input[name='q']", "input[type='search']", "[role='search'] input[type='text']"];

// Inputs that take no typing: letters pressed on them are free for shortcuts.
const NOT_TEXT = new Set(["button", "checkbox", "color", "file", "image", "radio", "range", "reset",
  "submit"]);

let prefixAt = 0;

/** Tell whether keys pressed on `element` are typing (a text field, a select, editable text). */
export function isTyping(element) {
  if (!element || element.nodeType !== 1) return false;
  if (element.isContentEditable) return true;
  const tag = element.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") return !NOT_TEXT.has((element.getAttribute("type") || "text").toLowerCase());
  return false;
}

/** The name of the view shown now ("chats", "tickets", ...). */
function currentView() {
  const tab = document.querySelector("[data-view-tab][aria-selected='true']");
  return tab ? tab.getAttribute("data-view-tab") : "";
}

const usable = (element) => element && !element.disabled && element.getClientRects().length > 0;

/** The first usable element matching `selector` in the current view, or null. */
function inView(selector) {
  const panel = document.getElementById(`view-${currentView()}`);
  if (!panel) return null;
  return Array.from(panel.querySelectorAll(selector)).find(usable) || null;
}

function focusOn(element) {
  if (!element) return false;
  element.focus();
  if (element.select && element.tagName === "INPUT") element.select();
  return true;
}

/** Open the next (`step` 1) or previous (-1) chat or ticket of the current list. */
function walk(step) {
  const selector = LISTS[currentView()];
  const panel = document.getElementById(`view-${currentView()}`);
  if (!selector || !panel) return false;
  const rows = Array.from(panel.querySelectorAll(selector)).filter(usable);
  if (!rows.length) return false;
  // The focused row first: a ticket opens after a request, and keys pressed meanwhile go on from it.
  let at = rows.indexOf(document.activeElement);
  if (at < 0) at = rows.findIndex((row) => row.getAttribute("aria-current") === "true");
  const next = at < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step));
  const row = rows[next];
  row.focus();
  if (row.scrollIntoView) row.scrollIntoView({ block: "nearest" });
  if (row.getAttribute("aria-current") !== "true") row.click();
  return true;
}

/** Claim the waiting chat whose line has focus, else the one waiting longest. */
function claimWaiting() {
  const line = document.activeElement && document.activeElement.closest
    ? document.activeElement.closest(".hw-chats-queued[data-chat-id]") : null;
  const waiting = queued().map((entry) => entry.chat.id);
  const chosen = line ? Number(line.getAttribute("data-chat-id")) : waiting[0];
  if (chosen === undefined || !waiting.includes(chosen)) {
    notice(t("shortcuts.nothing_to_claim"));
    return true;
  }
  show("chats");
  if (!isClaiming(chosen)) claim(chosen);
  return true;
}

/** Focus the reply box of the open chat or ticket; `note`: the ticket's internal note. */
function focusReply(note) {
  const view = currentView();
  if (view === "chats" && !note) return focusOn(inView(CHAT_COMPOSER));
  if (view !== "tickets") return false;
  const box = inView(TICKET_REPLY);
  if (!box) return false;
  const toggle = inView(TICKET_NOTE_TOGGLE);
  // The form's own checkbox switches reply and note, so its looks and its send button follow.
  if (toggle && toggle.checked !== note) toggle.click();
  return focusOn(box);
}

/** Run the shortcut `key`; return whether it did something (its key is then used up). */
function run(key) {
  if (prefixAt && Date.now() - prefixAt <= PREFIX_MS) {
    prefixAt = 0;
    if (GO[key]) {
      show(GO[key]);
      return true;
    }
  }
  prefixAt = 0;
  switch (key) {
    case "g": prefixAt = Date.now(); return true;
    case "?": openShortcuts(); return true;
    case "/": return focusOn(SEARCH.map(inView).find(Boolean) || null);
    case "j": return walk(1);
    case "k": return walk(-1);
    case "c": return claimWaiting();
    case "r": return focusReply(false);
    case "n": return focusReply(true);
    case "s": return currentView() === "tickets" && focusOn(inView(TICKET_STATUS));
    default: return false;
  }
}

function onKeyDown(event) {
  if (shortcutsShown()) {
    if (event.key === "Escape") {
      event.preventDefault();
      closeShortcuts();
    }
    return;
  }
  if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
  if (isTyping(event.target) || isTyping(document.activeElement)) return;
  // Used up: "/" and the letters must not land in the field they just focused.
  if (run(event.key)) event.preventDefault();
}

/** Listen for the shortcuts, and open their list from the header's button. */
export function startShortcuts() {
  startShortcutsDialog();
  document.addEventListener("keydown", onKeyDown);
  const button = document.getElementById("shortcuts-help");
  if (button) button.addEventListener("click", openShortcuts);
}
