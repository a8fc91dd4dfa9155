// An editable list of rows (hours, phones, topics, ...): each row's controls, remove, add.
import { t } from "./i18n.js";

/**
 * The rows of `list` (a field of the form), each drawn by render(row, index, change); `blank()`
 * makes the row that "add" appends. Errors of a row (path.index...) show under it.
 */
export function Rows({ name, list, set, err, blank, addLabel, render }) {
  const rows = list || [];
  const change = (index) => (row) => set(name, rows.map((old, i) => (i === index ? row : old)));
  return (
    <div class="rows-box">
      <ul class="rows">
        {rows.map((row, index) => (
          <li>
            <div class="row">
              {render(row, index, change(index))}
              <button type="button" class="secondary small-button"
                onClick={() => set(name, rows.filter((_, i) => i !== index))}>
                {t("settings.remove")}
              </button>
            </div>
            <p class="field-error" hidden={!err(`${name}.${index}`, true)}>{err(`${name}.${index}`, true)}</p>
          </li>
        ))}
      </ul>
      <p class="field-error" hidden={!err(name)}>{err(name)}</p>
      <button type="button" class="secondary" onClick={() => set(name, [...rows, blank()])}>{addLabel}</button>
    </div>
  );
}

/** A labelled text input inside a row. */
export function Cell({ id, label, value, onInput, type = "text", size, maxlength = 200 }) {
  return (
    <span class="field">
      <label for={id}>{label}</label>
      <input type={type} id={id} size={size} maxlength={maxlength} value={value || ""}
        onInput={(e) => onInput(e.currentTarget.value)} />
    </span>
  );
}

/** A language select inside a row: "" means every language. */
export function LocaleCell({ id, value, locales, onChange }) {
  return (
    <span class="field">
      <label for={id}>{t("settings.language")}</label>
      <select id={id} value={value || ""} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{t("settings.every_language")}</option>
        {locales.map((code) => <option value={code}>{code}</option>)}
      </select>
    </span>
  );
}
