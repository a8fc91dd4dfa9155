// What every settings form shares: its values, saving only the changed fields of its group
// with PATCH, the server's field errors under their fields, and labelled controls.
import { useState } from "preact/hooks";
import { api } from "./api.js";
import { t } from "./i18n.js";
import { toast } from "./toasts.jsx";
import { messageLines } from "./ui.jsx";

const clone = (value) => JSON.parse(JSON.stringify(value === undefined ? null : value));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The messages of the error at `path` ("hours.0.open"); `deep` takes those below it too. */
export function errorAt(fields, path, deep) {
  const lines = [];
  for (const [key, value] of Object.entries(fields || {})) {
    if (key === path || (deep && key.startsWith(`${path}.`))) lines.push(...messageLines(value));
  }
  return lines.join(" ");
}

/** A labelled control: the label is tied to the control by `id`, the error is under it. */
export function Field({ id, label, error, hint, children, cls }) {
  return (
    <div class={`field${cls ? ` ${cls}` : ""}`}>
      <label for={id}>{label}</label>
      {children}
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      <p class="field-error" id={`${id}-error`} hidden={!error}>{error || ""}</p>
    </div>
  );
}

/** A checkbox with its label after it (and a hint under it, read with it by screen readers). */
export function Check({ id, label, checked, onChange, error, hint }) {
  return (
    <div class="field check-field">
      <input type="checkbox" id={id} checked={checked} aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.currentTarget.checked)} />
      <label for={id}>{label}</label>
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      <p class="field-error" hidden={!error}>{error || ""}</p>
    </div>
  );
}

/** One input per site language for a {locale: text} value. */
export function PerLanguage({ id, label, value, locales, onChange, error }) {
  // A missing text starts with no language at all: an empty one would be refused on save.
  const texts = value && typeof value === "object" ? value : value ? { [locales[0]]: value } : {};
  return (
    <fieldset class="per-language">
      <legend>{label}</legend>
      {locales.map((code) => (
        <span class="lang-input">
          <label for={`${id}-${code}`}>{t("settings.in_language", { label, language: code })}</label>
          <input type="text" id={`${id}-${code}`} maxlength="300" value={texts[code] || ""}
            onInput={(event) => onChange({ ...texts, [code]: event.currentTarget.value })} />
        </span>
      ))}
      <p class="field-error" hidden={!error}>{error || ""}</p>
    </fieldset>
  );
}

/** Move the item at `index` of `list` by `step` (-1 up, 1 down); return a new list. */
export function move(list, index, step) {
  const to = index + step;
  if (to < 0 || to >= list.length) return list;
  const next = list.slice();
  [next[index], next[to]] = [next[to], next[index]];
  return next;
}

/** Split text into its non-empty trimmed lines (or comma-separated values). */
export const lines = (text, separator = /\n/) =>
  text.split(separator).map((s) => s.trim()).filter(Boolean);

/**
 * The form of one group of a site's settings. `readOnly` names fields the server computes;
 * children(values, set, err) renders the controls. A save sends only the fields that changed.
 */
export function GroupForm({ site, group, title, doc, onSaved, readOnly = [], children }) {
  const [values, setValues] = useState(() => clone(doc[group]));
  // What this form last had from the server: two forms may share a group (help_center), and
  // one must never send back the other's fields with the values it started from.
  const [base, setBase] = useState(() => clone(doc[group]));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name, value) => setValues((old) => ({ ...old, [name]: value }));
  const fields = (error && error.fields) || {};
  const err = (path, deep) => errorAt(fields, path, deep);

  const save = async (event) => {
    event.preventDefault();
    const before = base || {};
    const changed = {};
    for (const [name, value] of Object.entries(values)) {
      if (!readOnly.includes(name) && !same(value, before[name])) changed[name] = value;
    }
    if (!Object.keys(changed).length) {
      setError(null);
      toast(t("settings.nothing_changed"));
      return;
    }
    setBusy(true);
    try {
      const saved = await api("PATCH", `/advisor/sites/${encodeURIComponent(site)}/settings/${group}`, changed);
      setError(null);
      setValues(clone(saved[group]));
      setBase(clone(saved[group]));
      onSaved(saved);
      toast(t("settings.saved"), title);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class={`settings-form settings-${group}`} noValidate onSubmit={save}>
      <h3>{title}</h3>
      <p class="form-error" role="alert" hidden={!error}>{error ? error.message : ""}</p>
      {children(values, set, err)}
      <div class="form-actions">
        <button type="submit" disabled={busy}>{t("settings.save")}</button>
      </div>
    </form>
  );
}
