// Building blocks every view uses, so the panel looks and behaves as one.
import { useEffect, useRef } from "preact/hooks";
import { post } from "./bridge.js";
import { t } from "./i18n.js";
import { back, stack } from "./router.js";

/**
 * A view's frame: header with back and close buttons, a heading, and the scrolling body.
 * `focus` (a selector) names the control a view is for, e.g. the search box: focus goes there.
 */
export function Screen({ title, children, footer, focus }) {
  const heading = useRef(null);
  // Moving focus to the new heading tells screen-reader users the view changed; a view made for
  // typing puts it in its box instead (labelled, so the view's purpose is still announced).
  useEffect(() => {
    const wanted = focus && heading.current?.closest(".hw-screen")?.querySelector(focus);
    (wanted || heading.current)?.focus();
  }, [title]);
  return (
    <section class="hw-screen" aria-labelledby="hw-title">
      <header class="hw-header">
        {stack.value.length > 1 && (
          <button type="button" class="hw-icon-button" onClick={back} aria-label={t("back")}>
            <span aria-hidden="true">‹</span>
          </button>
        )}
        <h1 id="hw-title" tabIndex={-1} ref={heading}>{title}</h1>
        <button type="button" class="hw-icon-button" onClick={() => post("close")}
          aria-label={t("close_panel")}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div class="hw-body">{children}</div>
      {footer && <footer class="hw-footer">{footer}</footer>}
    </section>
  );
}

/** A polite "loading" line for screen readers and eyes. */
export function Loading() {
  return <p class="hw-muted" role="status">{t("loading")}</p>;
}

/** An error from the API or the socket, said in the user's language. */
export function ErrorNote({ error }) {
  if (!error) return null;
  const text = error.code === "offline" || !error.message ? t("error_offline") : error.message;
  return <p class="hw-error" role="alert">{text}</p>;
}

/** A labelled form field with its error message tied to the input for screen readers. */
export function Field({ id, label, error, hint, children }) {
  return (
    <div class={error ? "hw-field hw-invalid" : "hw-field"}>
      <label for={id}>{label}</label>
      {hint && <p class="hw-hint" id={`${id}-hint`}>{hint}</p>}
      {children}
      {error && <p class="hw-field-error" id={`${id}-error`} role="alert">{[].concat(error).join(" ")}</p>}
    </div>
  );
}

/** Flatten an API field error (a list, or marshmallow's {index: [...]}) into one line. */
export function fieldText(value) {
  if (!value) return null;
  if (Array.isArray(value)) return value.map(fieldText).join(" ");
  if (typeof value === "object") return Object.values(value).map(fieldText).join(" ");
  return String(value);
}

/** `error` without field `name`'s message (the user is fixing it); null once no field is left. */
export function withoutField(error, name) {
  if (!error?.fields?.[name]) return error;
  const fields = { ...error.fields };
  delete fields[name];
  return Object.keys(fields).length ? { ...error, message: error.message, code: error.code, fields } : null;
}
