// A new site, for the server's owner only: its key, name, languages and allowed origins; the
// identity secret is shown once, with the embed snippet, and the site joins the picker.
import { useState } from "preact/hooks";
import { api } from "./api.js";
import { t } from "./i18n.js";
import { me } from "./me.js";
import { Field, errorAt, lines } from "./settings_form.jsx";
import { copy } from "./settings_general.jsx";
import { toast } from "./toasts.jsx";

const blank = () => ({ key: "", name: "", default_locale: "en", locales: "", allowed_origins: "" });

function Created({ done }) {
  return (
    <div class="new-secret" role="status">
      <p><strong>{t("settings.new_site_created", { name: done.site.name })}</strong></p>
      <p>{t("settings.new_site_secret")}</p>
      <p><code id="new-site-secret">{done.secret}</code></p>
      <button type="button" class="secondary" onClick={() => copy(done.secret)}>{t("settings.copy_secret")}</button>
      <p class="hint">{t("settings.new_site_once")}</p>
      <label for="new-site-snippet">{t("settings.embed_snippet")}</label>
      <textarea id="new-site-snippet" class="snippet" rows="3" readOnly value={done.embed_snippet} />
      <span><button type="button" class="secondary" onClick={() => copy(done.embed_snippet)}>
        {t("settings.copy_snippet")}
      </button></span>
    </div>
  );
}

/** The "New site" form; onCreated(key) runs once the console knows the new site. */
export function NewSiteForm({ onCreated }) {
  const [open, setOpen] = useState(false);
  const [v, setValues] = useState(blank);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(null);
  if (!me.value || !me.value.is_owner) return null;
  const set = (name, value) => setValues((old) => ({ ...old, [name]: value }));
  const err = (path, deep) => {
    if (!error) return "";
    // A key already taken is a conflict, not a field error: it still belongs under the key.
    if (path === "key" && error.status === 409) return error.message;
    return errorAt(error.fields, path, deep);
  };

  const create = async (event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const answer = await api("POST", "/advisor/sites", {
        key: v.key.trim(), name: v.name, default_locale: v.default_locale.trim(),
        locales: lines(v.locales, /,/), allowed_origins: lines(v.allowed_origins) });
      setError(null);
      setDone(answer);
      setValues(blank());
      setOpen(false);
      // The owner admins every site: /advisor/me now lists this one too.
      me.value = await api("GET", "/advisor/me");
      toast(t("settings.new_site_done"), answer.site.name);
      onCreated(answer.site.key);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="new-site" aria-label={t("settings.new_site")}>
      {done ? <Created done={done} /> : null}
      {!open ? (
        <button type="button" class="secondary" onClick={() => { setOpen(true); setDone(null); }}>
          {t("settings.new_site")}
        </button>
      ) : (
        <form class="settings-form new-site-form" noValidate onSubmit={create}>
          <h3 id="new-site-title">{t("settings.new_site")}</h3>
          <p class="form-error" role="alert" hidden={!error}>{error ? error.message : ""}</p>
          <Field id="new-site-key" label={t("settings.new_site_key")} hint={t("settings.new_site_key_hint")}
            error={err("key")}>
            <input type="text" id="new-site-key" maxlength="64" value={v.key}
              onInput={(e) => set("key", e.currentTarget.value)} />
          </Field>
          <Field id="new-site-name" label={t("settings.name")} error={err("name")}>
            <input type="text" id="new-site-name" maxlength="200" value={v.name}
              onInput={(e) => set("name", e.currentTarget.value)} />
          </Field>
          <Field id="new-site-default-locale" label={t("settings.default_locale")} error={err("default_locale")}>
            <input type="text" id="new-site-default-locale" maxlength="10" size="6" value={v.default_locale}
              onInput={(e) => set("default_locale", e.currentTarget.value)} />
          </Field>
          <Field id="new-site-locales" label={t("settings.locales")} hint={t("settings.locales_hint")}
            error={err("locales", true)}>
            <input type="text" id="new-site-locales" value={v.locales}
              onInput={(e) => set("locales", e.currentTarget.value)} />
          </Field>
          <Field id="new-site-origins" label={t("settings.allowed_origins")} hint={t("settings.one_per_line")}
            error={err("allowed_origins", true)}>
            <textarea id="new-site-origins" rows="3" value={v.allowed_origins}
              onInput={(e) => set("allowed_origins", e.currentTarget.value)} />
          </Field>
          <div class="form-actions">
            <button type="submit" disabled={busy}>{t("settings.new_site_create")}</button>
            <button type="button" class="secondary" onClick={() => { setOpen(false); setError(null); }}>
              {t("settings.cancel")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
