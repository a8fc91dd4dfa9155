// Keyboard use of the panel: Tab and Shift+Tab move inside it, Escape asks the host to close it.
import { post } from "./bridge.js";

const CANDIDATES = "a[href], button, input:not([type=hidden]), select, textarea, iframe, summary, " +
  "[contenteditable=true], [tabindex]";

/** Whether `a` comes before `b` in the document. */
function before(a, b) {
  return a !== b && Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
}

/** The elements Tab stops on, in document order; one per radio group, as browsers do. */
function tabStops(root, active) {
  const groups = new Map();
  const stops = [];
  for (const node of root.querySelectorAll(CANDIDATES)) {
    if (node.tabIndex < 0 || node.matches(":disabled") || !node.getClientRects().length) continue;
    if (getComputedStyle(node).visibility === "hidden") continue;
    if (node.type === "radio" && node.name) {
      const chosen = groups.get(node.name);
      if (chosen === undefined) {
        groups.set(node.name, stops.length);
        stops.push(node);
      } else if (node === active || (node.checked && stops[chosen] !== active)) {
        stops[chosen] = node;
      }
      continue;
    }
    stops.push(node);
  }
  return stops;
}

/** The stop after (or before) `active`, wrapping around; `active` may be no stop at all (the heading, the body). */
function nextStop(stops, active, backwards) {
  const at = stops.indexOf(active);
  if (at >= 0) return stops[(at + (backwards ? stops.length - 1 : 1)) % stops.length];
  if (backwards) return [...stops].reverse().find((node) => before(node, active)) || stops[stops.length - 1];
  return stops.find((node) => before(active, node)) || stops[0];
}

/** Move focus to the next (or previous) stop in `root`, as Tab (or Shift+Tab) does. */
export function moveFocus(root, backwards) {
  const active = document.activeElement || document.body;
  const stops = tabStops(root, active);
  if (stops.length) nextStop(stops, active, backwards).focus();
}

/**
 * Keep Tab inside `root`. The panel moves focus itself on every Tab: left to the browser, a Tab past
 * the last control, or from a control that a re-render just removed, hands focus to the host page.
 */
export function trapFocus(root) {
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented) return; // a view used the key itself (e.g. Escape clears a field)
    if (event.key === "Escape") {
      event.preventDefault();
      post("close");
      return;
    }
    if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    moveFocus(root, event.shiftKey);
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
