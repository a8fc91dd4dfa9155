// The list of keyboard shortcuts, in a modal dialog ("?" or the header's button opens it): focus
// stays inside while it is open and goes back where it was when it closes.
import "./shortcuts.css";
import { signal } from "@preact/signals";
import { render } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import { t } from "./i18n.js";

/** The shortcuts as the dialog lists them: groups of {keys (pressed one after another), text}. */
const LIST = [
  { title: "shortcuts.group_anywhere", items: [
    { keys: ["g", "c"], text: "shortcuts.go_chats" },
    { keys: ["g", "t"], text: "shortcuts.go_tickets" },
    { keys: ["g", "v"], text: "shortcuts.go_conversations" },
    { keys: ["/"], text: "shortcuts.search" },
    { keys: ["?"], text: "shortcuts.help" },
    { keys: ["Esc"], text: "shortcuts.close" },
  ] },
  { title: "shortcuts.group_lists", items: [
    { keys: ["j"], text: "shortcuts.next" },
    { keys: ["k"], text: "shortcuts.previous" },
    { keys: ["c"], text: "shortcuts.claim" },
    { keys: ["r"], text: "shortcuts.reply" },
    { keys: ["n"], text: "shortcuts.note" },
    { keys: ["s"], text: "shortcuts.status" },
  ] },
];

const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), "
  + "textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

const isOpen = signal(false);
let returnTo = null; // what had focus before the dialog opened
let dialogNode = null;

/** Tell whether the list is open. */
export const shortcutsShown = () => isOpen.peek();

/** Open the list, remembering what had focus. */
export function openShortcuts() {
  if (isOpen.peek()) return;
  returnTo = document.activeElement;
  isOpen.value = true;
}

/** Close the list and give focus back. */
export function closeShortcuts() {
  if (!isOpen.peek()) return;
  isOpen.value = false;
  const back = returnTo;
  returnTo = null;
  if (back && back.isConnected && back !== document.body && typeof back.focus === "function") back.focus();
}

const focusables = () => (dialogNode ? Array.from(dialogNode.querySelectorAll(FOCUSABLE)) : []);

/** Keep Tab and Shift+Tab going round the dialog's own controls. */
function trapTab(event) {
  if (event.key !== "Tab") return;
  const all = focusables();
  if (!all.length) return;
  const first = all[0];
  const last = all[all.length - 1];
  const inside = dialogNode.contains(document.activeElement);
  if (event.shiftKey && (document.activeElement === first || !inside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
    event.preventDefault();
    first.focus();
  }
}

/** Focus that wanders out (a click behind the dialog) comes back in. */
function keepFocusIn(event) {
  if (isOpen.peek() && dialogNode && !dialogNode.contains(event.target)) {
    const all = focusables();
    if (all.length) all[0].focus();
  }
}

function Keys({ keys }) {
  const parts = [];
  keys.forEach((key, index) => {
    if (index) parts.push(` ${t("shortcuts.then")} `);
    parts.push(<kbd>{key}</kbd>);
  });
  return parts;
}

function ShortcutsDialog() {
  const ref = useRef(null);
  const shown = isOpen.value;
  // At once after rendering: an Escape pressed right after "?" must find focus already inside.
  useLayoutEffect(() => {
    dialogNode = ref.current;
    if (!shown || !ref.current || !isOpen.peek()) return undefined;
    const close = ref.current.querySelector(".shortcuts-close");
    if (close) close.focus();
    document.addEventListener("focusin", keepFocusIn);
    return () => document.removeEventListener("focusin", keepFocusIn);
  }, [shown]);
  if (!shown) return null;
  return (
    <div class="shortcuts-backdrop" onMouseDown={(event) => {
      if (event.target === event.currentTarget) closeShortcuts();
    }}>
      <div class="shortcuts-dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title"
        aria-describedby="shortcuts-intro" ref={ref} onKeyDown={trapTab}>
        <div class="shortcuts-head">
          <h2 id="shortcuts-title">{t("shortcuts.title")}</h2>
          <button type="button" class="secondary shortcuts-close" aria-label={t("close")}
            onClick={closeShortcuts}>×</button>
        </div>
        <p class="hint" id="shortcuts-intro">{t("shortcuts.intro")}</p>
        {LIST.map((group) => (
          <section>
            <h3>{t(group.title)}</h3>
            <dl class="shortcuts-list">
              {group.items.map((item) => [<dt><Keys keys={item.keys} /></dt>, <dd>{t(item.text)}</dd>])}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}

/** Render the dialog's place at the end of the page (empty while closed). */
export function startShortcutsDialog() {
  const box = document.createElement("div");
  box.className = "shortcuts-box";
  document.body.appendChild(box);
  render(<ShortcutsDialog />, box);
}
