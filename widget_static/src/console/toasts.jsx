// In-page messages: alerts that stay until dismissed (bottom corner) and passing confirmations
// in the header's status line, in the page's flow so they never cover a button.
import { signal } from "@preact/signals";
import { render } from "preact";
import { t } from "./i18n.js";

const items = signal([]);
let nextId = 1;
let noticeLine = null;
let noticeTimer = null;

/** Show a confirmation ("Reply sent") in the header's status line, for a few seconds. */
export function notice(title, text) {
  if (!noticeLine) {
    const top = document.querySelector(".top");
    if (!top) return null;
    noticeLine = document.createElement("p");
    noticeLine.className = "notice";
    noticeLine.setAttribute("role", "status");
    noticeLine.setAttribute("aria-live", "polite");
    const liveBadge = document.getElementById("live");
    top.insertBefore(noticeLine, liveBadge ? liveBadge.nextSibling : null);
  }
  noticeLine.textContent = text ? `${title}: ${text}` : title;
  noticeLine.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { noticeLine.hidden = true; }, 6000);
  return noticeLine;
}

/**
 * Show an in-page message; a click runs options.onClick. Urgent, error and sticky ones (and those
 * with onClick) are toasts; plain confirmations go to the status line (see notice). Returns a
 * handle with dismiss().
 */
export function toast(title, text, options = {}) {
  if (!options.urgent && !options.error && !options.sticky && !options.onClick) {
    const line = notice(title, text);
    if (line) return { dismiss() { line.hidden = true; } };
  }
  const item = { id: nextId++, title, text, ...options };
  const dismiss = () => { items.value = items.value.filter((other) => other !== item); };
  items.value = [...items.value, item];
  if (!options.urgent && !options.sticky) setTimeout(dismiss, options.error ? 10000 : 6000);
  item.dismiss = dismiss;
  return item;
}

function Toast({ item }) {
  const run = () => { item.dismiss(); item.onClick(); };
  const classes = `toast${item.urgent ? " urgent" : ""}${item.error ? " error" : ""}${item.onClick ? " clickable" : ""}`;
  return (
    <div class={classes} role={item.urgent || item.error ? "alert" : "status"}
      tabIndex={item.onClick ? 0 : undefined} onClick={item.onClick ? run : undefined}
      onKeyDown={item.onClick ? (event) => { if (event.key === "Enter") run(); } : undefined}>
      <strong>{item.title}</strong>
      {item.text ? <p>{item.text}</p> : null}
      <button type="button" class="toast-close" aria-label={t("close")}
        onClick={(event) => { event.stopPropagation(); item.dismiss(); }}>×</button>
    </div>
  );
}

function Toasts() {
  return items.value.map((item) => <Toast key={item.id} item={item} />);
}

/** Show a failed call's message as an error toast. */
export function fail(error) {
  toast(t("error.title"), (error && error.message) || t("error.generic"), { error: true });
}

/** Render the toasts into the page's #toasts box. */
export function startToasts() {
  const box = document.getElementById("toasts");
  if (box) render(<Toasts />, box);
}
