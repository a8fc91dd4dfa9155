// The signed-in advisor's own name, language, reply emails and password.
import { useState } from "preact/hooks";
import { api } from "./api.js";
import { locale as consoleLocale, t } from "./i18n.js";
import { me } from "./me.js";
import { FormField } from "./team_add.jsx";
import { toast } from "./toasts.jsx";
import { Option, messageLines } from "./ui.jsx";

const LANGUAGES = ["en", "es", "pl"];
const errorOf = (error, name) => (error && error.fields && error.fields[name]
  ? messageLines(error.fields[name]).join(" ") : null);

function Details() {
  const advisor = me.value || {};
  const [values, setValues] = useState({ name: advisor.name || "", locale: advisor.locale || consoleLocale });
  const [error, setError] = useState(null);
  const save = async (event) => {
    event.preventDefault();
    try {
      const saved = await api("PATCH", "/advisor/me", values);
      me.value = saved;
      setError(null);
      const name = document.getElementById("me-name");
      if (name) name.textContent = saved.name;
      // The console's words come with the page: a new language needs the page again.
      if (saved.locale !== consoleLocale) window.location.reload();
      else toast(t("account.saved"));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form class="account-details" noValidate onSubmit={save} aria-labelledby="account-details-title">
      <h3 id="account-details-title">{t("account.details")}</h3>
      <p class="form-error" role="alert" hidden={!error}>{error ? error.message : ""}</p>
      <p><span class="muted">{t("account.email")}:</span> {advisor.email}</p>
      <FormField id="account-name" label={t("account.name")} error={errorOf(error, "name")}>
        {(a) => <input type="text" maxlength="200" required autocomplete="name" {...a} value={values.name}
          onInput={(event) => setValues({ ...values, name: event.currentTarget.value })} />}
      </FormField>
      <FormField id="account-locale" label={t("account.language")} error={errorOf(error, "locale")}>
        {(a) => (
          <select {...a} value={values.locale} onChange={(event) => setValues({ ...values, locale: event.currentTarget.value })}>
            {LANGUAGES.map((code) => <Option value={code} label={t(`language.${code}`)} />)}
          </select>)}
      </FormField>
      <div class="actions"><button type="submit">{t("account.save")}</button></div>
    </form>
  );
}

const NO_PASSWORDS = { current_password: "", new_password: "", again: "" };

function Password() {
  const [values, setValues] = useState(NO_PASSWORDS);
  const [error, setError] = useState(null);
  const bind = (name) => ({
    value: values[name],
    onInput: (event) => setValues({ ...values, [name]: event.currentTarget.value }),
  });
  const save = async (event) => {
    event.preventDefault();
    if (values.new_password !== values.again) {
      setError({ message: "", fields: { again: [t("account.password_mismatch")] } });
      return;
    }
    try {
      await api("POST", "/advisor/me/password", {
        current_password: values.current_password, new_password: values.new_password });
      setValues(NO_PASSWORDS);
      setError(null);
      toast(t("account.password_changed"));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form class="account-password" noValidate onSubmit={save} aria-labelledby="account-password-title">
      <h3 id="account-password-title">{t("account.password")}</h3>
      <p class="hint">{t("account.password_hint")}</p>
      <p class="form-error" role="alert" hidden={!error || !error.message}>{error ? error.message : ""}</p>
      <input type="text" name="username" autocomplete="username" value={(me.value || {}).email || ""} hidden />
      <FormField id="account-current" label={t("account.current_password")} error={errorOf(error, "current_password")}>
        {(a) => <input type="password" maxlength="201" required autocomplete="current-password" {...a} {...bind("current_password")} />}
      </FormField>
      <FormField id="account-new" label={t("account.new_password")} error={errorOf(error, "new_password")}>
        {(a) => <input type="password" maxlength="200" required autocomplete="new-password" {...a} {...bind("new_password")} />}
      </FormField>
      <FormField id="account-again" label={t("account.new_password_again")} error={errorOf(error, "again")}>
        {(a) => <input type="password" maxlength="200" required autocomplete="new-password" {...a} {...bind("again")} />}
      </FormField>
      <div class="actions"><button type="submit">{t("account.change_password")}</button></div>
    </form>
  );
}

/** Whether a requester's reply on the advisor's ticket is emailed while no console of theirs is
 * open; saved as soon as it is ticked. */
function ReplyEmail() {
  const [on, setOn] = useState((me.value || {}).email_on_reply !== false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState(null);
  const toggle = async (event) => {
    const wanted = event.currentTarget.checked;
    setOn(wanted);
    setSaving(true);
    try {
      me.value = await api("PATCH", "/advisor/me", { email_on_reply: wanted });
      setError(null);
      toast(t("account.email_on_reply_saved"));
    } catch (failure) {
      setOn(!wanted); // not saved: the box shows what still holds
      setError(errorOf(failure, "email_on_reply") || failure.message);
    }
    setSaving(false);
  };
  return (
    <section class="account-alerts" aria-labelledby="account-alerts-title">
      <h3 id="account-alerts-title">{t("account.alerts")}</h3>
      <label class="check">
        <input type="checkbox" name="email_on_reply" checked={on}
          disabled={saving} aria-describedby="account-alerts-error" onChange={toggle} />
        {t("account.email_on_reply")}
      </label>
      <p class="field-error" id="account-alerts-error" role="alert" hidden={!error}>{error || ""}</p>
    </section>
  );
}

/** The view. */
export function AccountView() {
  return (
    <div class="account">
      <h2>{t("account.title")}</h2>
      <Details />
      <ReplyEmail />
      <Password />
    </div>
  );
}
