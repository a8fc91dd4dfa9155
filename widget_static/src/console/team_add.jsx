// The "Add an advisor" form of a site's team: email, name, role, language, errors per field.
import { useState } from "preact/hooks";
import { api } from "./api.js";
import { locale as consoleLocale, t } from "./i18n.js";
import { toast } from "./toasts.jsx";
import { Option, messageLines } from "./ui.jsx";

const LANGUAGES = ["en", "es", "pl"];
const EMPTY = { email: "", name: "", role: "advisor", locale: consoleLocale };

/** A labelled control with its error, tied together for screen readers. */
export function FormField({ id, label, error, hint, children }) {
  const described = `${id}-error${hint ? ` ${id}-hint` : ""}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({ id, "aria-describedby": described, "aria-invalid": error ? "true" : undefined })}
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      <p class="field-error" id={`${id}-error`} hidden={!error}>{error || ""}</p>
    </div>
  );
}

/** The form; `onAdded` runs after someone was put on the team. */
export function TeamAdd({ siteKey, onAdded }) {
  const [values, setValues] = useState(EMPTY);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const fields = (error && error.fields) || {};
  const fieldError = (name) => (fields[name] ? messageLines(fields[name]).join(" ") : null);
  const bind = (name) => ({
    value: values[name],
    onInput: (event) => setValues({ ...values, [name]: event.currentTarget.value }),
  });
  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const member = await api("POST", `/advisor/sites/${encodeURIComponent(siteKey)}/members`, values);
      toast(t("team.added"), member.email);
      setValues(EMPTY);
      setError(null);
      onAdded();
    } catch (failure) {
      setError(failure);
    }
    setBusy(false);
  };
  return (
    <form class="team-add" noValidate onSubmit={submit} aria-labelledby="team-add-title">
      <h3 id="team-add-title">{t("team.add_title")}</h3>
      <p class="hint">{t("team.add_hint")}</p>
      <p class="form-error" role="alert" hidden={!error}>{error ? error.message : ""}</p>
      <div class="grid">
        <FormField id="member-email" label={t("team.email")} error={fieldError("email")}>
          {(a) => <input type="email" maxlength="320" required autocomplete="off" {...a} {...bind("email")} />}
        </FormField>
        <FormField id="member-name" label={t("team.name")} error={fieldError("name")}>
          {(a) => <input type="text" maxlength="200" required autocomplete="off" {...a} {...bind("name")} />}
        </FormField>
        <FormField id="member-role" label={t("team.role")} error={fieldError("role")}>
          {(a) => (
            <select {...a} value={values.role} onChange={(event) => setValues({ ...values, role: event.currentTarget.value })}>
              <Option value="advisor" label={t("team.role_advisor")} />
              <Option value="admin" label={t("team.role_admin")} />
            </select>)}
        </FormField>
        <FormField id="member-locale" label={t("team.language")} error={fieldError("locale")}>
          {(a) => (
            <select {...a} value={values.locale} onChange={(event) => setValues({ ...values, locale: event.currentTarget.value })}>
              {LANGUAGES.map((code) => <Option value={code} label={t(`language.${code}`)} />)}
            </select>)}
        </FormField>
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>{t("team.add")}</button>
      </div>
    </form>
  );
}
