// Maintenance windows of a site: the list (one-off ones in the site's time zone, weekly ones in
// their own), adding a one-off or weekly window, and removing one after a confirmation.
import { useState } from "preact/hooks";
import { api } from "./api.js";
import { locale, t } from "./i18n.js";
import { Field, PerLanguage, errorAt } from "./settings_form.jsx";
import { fail, toast } from "./toasts.jsx";
import { Option } from "./ui.jsx";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Format an ISO time in the time zone `zone` (the browser's own if the name is unknown). */
export function inZone(iso, zone) {
  if (!iso) return "";
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: zone })
      .format(date);
  } catch {
    return date.toLocaleString();
  }
}

/** How far `zone` is ahead of UTC at the instant `ms`, in milliseconds. */
function offsetAt(zone, ms) {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric",
    month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
    .formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - ms;
}

/** Turn a datetime-local value ("2026-12-04T22:00"), read as wall time in `zone`, into ISO UTC. */
export function wallToIso(value, zone) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value || "");
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  try {
    // Twice, so a wall time next to a DST change takes the offset in force at that moment.
    let ms = wall - offsetAt(zone, wall);
    ms = wall - offsetAt(zone, ms);
    return new Date(ms).toISOString();
  } catch {
    return new Date(wall).toISOString();
  }
}

function windowWhen(item, zone) {
  if (item.kind === "weekly") {
    return t("settings.maintenance_weekly_when", { day: t(`settings.day.${item.weekday}`), at: item.at,
      minutes: item.minutes, zone: item.timezone });
  }
  return t("settings.maintenance_once_when", { starts: inZone(item.starts_at, zone),
    ends: inZone(item.ends_at, zone), zone });
}

const blank = (zone) => ({ kind: "once", title: {}, description: {}, starts: "", ends: "",
  weekday: "mon", at: "", minutes: 60, timezone: zone });

function AddWindow({ site, locales, zone, onAdded }) {
  const [v, setValues] = useState(() => blank(zone));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name, value) => setValues((old) => ({ ...old, [name]: value }));
  const err = (path) => (error ? errorAt(error.fields, path) : "");
  const weekly = v.kind === "weekly";

  const add = async (event) => {
    event.preventDefault();
    const body = { title: v.title, description: v.description, timezone: v.timezone };
    if (weekly) Object.assign(body, { weekday: v.weekday, at: v.at, minutes: Number(v.minutes) });
    else Object.assign(body, { starts_at: wallToIso(v.starts, zone), ends_at: wallToIso(v.ends, zone) });
    setBusy(true);
    try {
      const added = await api("POST", `/advisor/sites/${encodeURIComponent(site)}/maintenance`, body);
      setError(null);
      setValues(blank(zone));
      onAdded(added);
      toast(t("settings.maintenance_added"), textOf(added.title));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="settings-form maintenance-form" noValidate onSubmit={add}>
      <h5>{t("settings.maintenance_add")}</h5>
      <p class="form-error" role="alert" hidden={!error}>{error ? error.message : ""}</p>
      <fieldset class="maintenance-kind">
        <legend>{t("settings.maintenance_kind")}</legend>
        {["once", "weekly"].map((kind) => (
          <span class="check-field">
            <input type="radio" name="maintenance-kind" id={`maintenance-kind-${kind}`} value={kind}
              checked={v.kind === kind} onChange={() => set("kind", kind)} />
            <label for={`maintenance-kind-${kind}`}>{t(`settings.maintenance_${kind}`)}</label>
          </span>
        ))}
      </fieldset>
      <PerLanguage id="maintenance-title" label={t("settings.maintenance_title")} value={v.title}
        locales={locales} onChange={(title) => set("title", title)} error={err("title") || err("locale")} />
      <PerLanguage id="maintenance-description" label={t("settings.maintenance_description")}
        value={v.description} locales={locales} onChange={(text) => set("description", text)}
        error={err("description")} />
      {weekly ? (
        <>
          <Field id="maintenance-weekday" label={t("settings.maintenance_weekday")} error={err("weekday")}>
            <select id="maintenance-weekday" value={v.weekday} onChange={(e) => set("weekday", e.currentTarget.value)}>
              {DAYS.map((day) => <Option value={day} label={t(`settings.day.${day}`)} />)}
            </select>
          </Field>
          <Field id="maintenance-at" label={t("settings.maintenance_at")} error={err("at")}>
            <input type="time" id="maintenance-at" value={v.at} onInput={(e) => set("at", e.currentTarget.value)} />
          </Field>
          <Field id="maintenance-minutes" label={t("settings.maintenance_minutes")} error={err("minutes")}>
            <input type="number" id="maintenance-minutes" min="1" max="10080" value={v.minutes}
              onInput={(e) => set("minutes", e.currentTarget.value)} />
          </Field>
          <Field id="maintenance-timezone" label={t("settings.timezone")} error={err("timezone")}>
            <input type="text" id="maintenance-timezone" maxlength="64" value={v.timezone}
              onInput={(e) => set("timezone", e.currentTarget.value.trim())} />
          </Field>
        </>
      ) : (
        <>
          <Field id="maintenance-starts" label={t("settings.maintenance_starts", { zone })} error={err("starts_at")}>
            <input type="datetime-local" id="maintenance-starts" value={v.starts}
              onInput={(e) => set("starts", e.currentTarget.value)} />
          </Field>
          <Field id="maintenance-ends" label={t("settings.maintenance_ends", { zone })} error={err("ends_at")}>
            <input type="datetime-local" id="maintenance-ends" value={v.ends}
              onInput={(e) => set("ends", e.currentTarget.value)} />
          </Field>
        </>
      )}
      <div class="form-actions">
        <button type="submit" disabled={busy}>{t("settings.maintenance_add_button")}</button>
      </div>
    </form>
  );
}

const textOf = (texts) => (texts && Object.values(texts).find(Boolean)) || "";

export function MaintenancePanel({ site, windows, locales, zone, onChange }) {
  const [busy, setBusy] = useState(false);
  const path = `/advisor/sites/${encodeURIComponent(site)}/maintenance`;
  const reload = async () => onChange((await api("GET", path)).maintenance || []);

  const remove = async (item) => {
    if (!window.confirm(t("settings.maintenance_remove_confirm", { title: textOf(item.title) }))) return;
    setBusy(true);
    try {
      await api("DELETE", `${path}/${item.id}`);
      toast(t("settings.maintenance_removed"), textOf(item.title));
      await reload();
    } catch (failure) {
      fail(failure);
    } finally {
      setBusy(false);
    }
  };

  const added = async (item) => {
    try {
      await reload();
    } catch {
      onChange([...windows, item]);
    }
  };

  return (
    <div class="maintenance">
      <h4>{t("settings.maintenance")}</h4>
      {windows.length ? (
        <ul class="maintenance-list">
          {windows.map((item) => (
            <li class="maintenance-window" data-window={item.id}>
              <span>
                <strong>{textOf(item.title)}</strong>{" "}
                <span class="muted">({t(`settings.maintenance_${item.kind}`)})</span>
                <br />{windowWhen(item, zone)}
              </span>
              <button type="button" class="secondary small-button" disabled={busy}
                aria-label={t("settings.maintenance_remove", { title: textOf(item.title) })}
                onClick={() => remove(item)}>{t("settings.remove")}</button>
            </li>
          ))}
        </ul>
      ) : <p class="muted">{t("settings.maintenance_none")}</p>}
      <AddWindow site={site} locales={locales} zone={zone} onAdded={added} />
    </div>
  );
}
