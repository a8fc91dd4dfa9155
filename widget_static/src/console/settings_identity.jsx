// The identity secret: its hint, and rotating it with an overlap during which the old one
// still signs; the new secret is shown once, with a copy button.
import { useState } from "preact/hooks";
import { api } from "./api.js";
import { formatTime, t } from "./i18n.js";
import { Field, errorAt } from "./settings_form.jsx";
import { copy } from "./settings_general.jsx";

export function IdentityPanel({ site, doc, onSaved }) {
  const identity = doc.identity || {};
  const [overlap, setOverlap] = useState(24);
  const [fresh, setFresh] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const rotate = async () => {
    if (!window.confirm(t("settings.rotate_confirm"))) return;
    setBusy(true);
    try {
      const done = await api("POST", `/advisor/sites/${encodeURIComponent(site)}/identity-secret`,
        { overlap_hours: overlap });
      setError(null);
      setFresh(done);
      onSaved({ ...doc, identity: { secret_hint: done.secret_hint,
        previous_secret_expires_at: done.previous_secret_expires_at } });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="identity-panel" aria-labelledby="identity-title">
      <h3 id="identity-title">{t("settings.identity")}</h3>
      <p>{t("settings.secret_hint", { hint: identity.secret_hint || "—" })}</p>
      {identity.previous_secret_expires_at ? (
        <p class="hint">{t("settings.previous_until", { when: formatTime(identity.previous_secret_expires_at) })}</p>
      ) : null}
      <p class="form-error" role="alert" hidden={!error}>{error ? error.message : ""}</p>
      <Field id="identity-overlap" label={t("settings.overlap_hours")} hint={t("settings.overlap_hint")}
        error={error ? errorAt(error.fields, "overlap_hours") : ""}>
        <input type="number" id="identity-overlap" min="0" max="168" value={overlap}
          onInput={(e) => setOverlap(Number(e.currentTarget.value))} />
      </Field>
      <button type="button" disabled={busy} onClick={rotate}>{t("settings.rotate")}</button>
      {fresh ? (
        <div class="new-secret" role="status">
          <p><strong>{t("settings.new_secret")}</strong></p>
          <p><code id="identity-new-secret">{fresh.secret}</code></p>
          <button type="button" class="secondary" onClick={() => copy(fresh.secret)}>{t("settings.copy_secret")}</button>
          <p class="hint">{fresh.previous_secret_expires_at
            ? t("settings.previous_until", { when: formatTime(fresh.previous_secret_expires_at) })
            : t("settings.no_overlap")}</p>
          <p class="hint">{t("settings.shown_once")}</p>
        </div>
      ) : null}
    </section>
  );
}
