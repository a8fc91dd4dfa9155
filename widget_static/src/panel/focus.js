// Keyboard use of the panel: Tab and Shift+Tab wrap inside it, Escape asks the host to close it.
import { post } from "./bridge.js";

const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), " +
  "select:not([disabled]), textarea:not([disabled]), iframe, summary, [contenteditable=true], " +
  "[tabindex]:not([tabindex='-1'])";

function focusables(root) {
  return [...root.querySelectorAll(FOCUSABLE)].filter((node) => node.getClientRects().length);
}

/** Whether `a` comes before `b` in the document. */
function before(a, b) {
  return a !== b && Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
}

/** Keep Tab inside `root` (a panel in an iframe would otherwise hand focus back to the host page). */
export function trapFocus(root) {
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented) return; // a view used the key itself (e.g. Escape clears a field)
    if (event.key === "Escape") {
      event.preventDefault();
      post("close");
      return;
    }
    if (event.key !== "Tab") return;
    const items = focusables(root);
    const active = document.activeElement;
    if (!items.length) {
      event.preventDefault();
    } else if (event.shiftKey && !items.some((node) => before(node, active))) {
      event.preventDefault();
      items[items.length - 1].focus();
    } else if (!event.shiftKey && !items.some((node) => before(active, node))) {
      event.preventDefault();
      items[0].focus();
    }
  });
}

/** Put focus in the panel when the host shows it: where a view put it, else on the view's title. */
export function focusPanel(root) {
  const active = document.activeElement;
  if (active && active !== document.body && root.contains(active)) {
    active.focus();
  } else {
    document.getElementById("hw-title")?.focus();
  }
}
