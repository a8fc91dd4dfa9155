// System status for a site's admins: the current status with its message per language, the
// recent updates, and the maintenance windows (settings_maintenance.jsx).
import "./settings_status.css";
import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { formatTime, t } from "./i18n.js";
import { Field, PerLanguage, errorAt } from "./settings_form.jsx";
import { MaintenancePanel } from "./settings_maintenance.jsx";
import { toast } from "./toasts.jsx";
import { Option } from "./ui.jsx";

export const STATUSES = ["operational", "degraded", "partial_outage", "major_outage", "maintenance"];

/** The text of a {locale: text} value in `locale`, else in any language. */
export const textIn = (texts, locale) =>
  (texts && (texts[locale] || Object.values(texts).find(Boolean))) || "";

function History({ updates, locale }) {
  if (!updates.length) return <p class="muted">{t("settings.status_no_history")}</p>;
  return (
    <ul class="status-history">
      {updates.map((update) => (
        <li>
          <strong>{t(`settings.status.${update.status}`)}</strong>
          {textIn(update.message, locale) ? <> · {textIn(update.message, locale)}</> : null}
          <span class="muted"> · {t("settings.status_by", { who: update.author || "—",
            when: formatTime(update.created_at) })}</span>
        </li>
      ))}
    </ul>
  );
}

function StatusForm({ site, view, locales, onSaved }) {
  const current = view.current || {};
  const [status, setStatus] = useState(view.status || "operational");
  const [message, setMessage] = useState(() => ({ ...(current.message || {}) }));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const err = (path) => (error ? errorAt(error.fields, path) : "");

  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = await api("PUT", `/advisor/sites/${encodeURIComponent(site)}/status`,
        { status, message });
      setError(null);
      onSaved(saved);
      toast(t("settings.status_saved"), t(`settings.status.${saved.status}`));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="settings-form status-form" noValidate onSubmit={save}>
      <p class="form-error" role="alert" hidden={!error}>{error ? error.message : ""}</p>
      <Field id="status-state" label={t("settings.status_current")} error={err("status")}>
        <select id="status-state" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          {STATUSES.map((key) => <Option value={key} label={t(`settings.status.${key}`)} />)}
        </select>
      </Field>
      <PerLanguage id="status-message" label={t("settings.status_message")} value={message}
        locales={locales} onChange={setMessage} error={err("message") || err("locale")} />
      <div class="form-actions">
        <button type="submit" disabled={busy}>{t("settings.status_update")}</button>
      </div>
    </form>
  );
}

export function StatusPanel({ site, doc }) {
  const [view, setView] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [round, setRound] = useState(0);
  const locales = doc.general.locales || [doc.general.default_locale];
  const zone = (doc.contact && doc.contact.timezone) || "UTC";

  useEffect(() => {
    let live = true;
    api("GET", `/advisor/sites/${encodeURIComponent(site)}/status`)
      .then((data) => { if (live) setView(data); })
      .catch((error) => { if (live) setLoadError(error.message); });
    return () => { live = false; };
  }, [site]);

  const onSaved = (saved) => {
    setView(saved);
    // The form starts again from what was saved.
    setRound((n) => n + 1);
  };

  return (
    <section class="status-panel" aria-labelledby="status-title">
      <h3 id="status-title">{t("settings.status_title")}</h3>
      {loadError ? <p class="form-error" role="alert">{loadError}</p> : null}
      {!view && !loadError ? <p class="muted">{t("settings.loading")}</p> : null}
      {view ? (
        <>
          <StatusForm key={round} site={site} view={view} locales={locales} onSaved={onSaved} />
          <h4>{t("settings.status_history")}</h4>
          <History updates={view.history || []} locale={doc.general.default_locale} />
          <MaintenancePanel site={site} windows={view.maintenance || []} locales={locales} zone={zone}
            onChange={(maintenance) => setView({ ...view, maintenance })} />
        </>
      ) : null}
    </section>
  );
}
