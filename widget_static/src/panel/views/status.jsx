// System status: the current state with its message, maintenance windows and the Atom feed.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { formatDate, t } from "../i18n.js";
import { config, locale } from "../state.js";
import { Loading, Screen } from "../ui.jsx";
import { webAddress } from "./trainings.jsx";
import "./tools.css";

const ICONS = { operational: "✓", degraded: "!", partial_outage: "!", major_outage: "✕", maintenance: "⚙" };

/** The status icon: a shape that tells the state apart without relying on its colour. */
export function StatusIcon({ status }) {
  return <span class={`hw-sys-icon hw-sys-${status}`} aria-hidden="true">{ICONS[status] || "?"}</span>;
}

/** "Nov 28, 3:30 – 7:30 AM" in the visitor's time zone and language. */
function when(item) {
  try {
    const format = new Intl.DateTimeFormat(locale.value, { dateStyle: "medium", timeStyle: "short" });
    return format.formatRange(new Date(item.starts_at), new Date(item.ends_at));
  } catch {
    return t("status_window", { start: formatDate(item.starts_at), end: formatDate(item.ends_at) });
  }
}

function Window({ window: item }) {
  return (
    <li class="hw-maintenance">
      <p class="hw-maintenance-title">{item.title}</p>
      <p class="hw-maintenance-when">
        {when(item)}
        {item.recurring === "weekly" && <> · {t("status_weekly")}</>}
      </p>
      {item.description && <p class="hw-maintenance-description">{item.description}</p>}
    </li>
  );
}

export default function StatusView() {
  const [status, setStatus] = useState(null);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    let current = true;
    api("GET", "/status").then((data) => {
      if (current) setStatus(data);
    }).catch(() => {
      // The status embedded at boot is better than nothing when the server cannot answer.
      if (!current) return;
      setStatus(config.value?.status || null);
      setStale(true);
    });
    return () => { current = false; };
  }, []);

  const windows = status?.maintenance || [];
  const now = windows.filter((item) => item.in_progress);
  const upcoming = windows.filter((item) => !item.in_progress);
  const feed = webAddress(status?.feed_url);
  return (
    <Screen title={t("status_title")}>
      {!status && !stale && <Loading />}
      {stale && <p class="hw-muted" role="status">{t("status_unavailable")}</p>}
      {status && (
        <>
          <div class={`hw-sys-status hw-sys-box-${status.status}`}>
            <p class="hw-sys-line">
              <StatusIcon status={status.status} /> <strong>{status.label}</strong>
            </p>
            {status.message && <p class="hw-sys-message">{status.message}</p>}
            {status.updated_at && (
              <p class="hw-muted hw-sys-updated">{t("status_updated", { when: formatDate(status.updated_at) })}</p>
            )}
          </div>
          {now.length > 0 && (
            <section aria-labelledby="hw-status-now">
              <h2 id="hw-status-now" class="hw-section-title">{t("status_now")}</h2>
              <ul class="hw-maintenance-list">{now.map((item) => <Window key={item.key || `${item.id}@${item.starts_at}`} window={item} />)}</ul>
            </section>
          )}
          <section aria-labelledby="hw-status-upcoming">
            <h2 id="hw-status-upcoming" class="hw-section-title">{t("status_upcoming")}</h2>
            {upcoming.length ? (
              <ul class="hw-maintenance-list">{upcoming.map((item) => <Window key={item.key || `${item.id}@${item.starts_at}`} window={item} />)}</ul>
            ) : <p class="hw-muted">{t("status_no_maintenance")}</p>}
          </section>
          {windows.length > 0 && <p class="hw-muted hw-sys-tz">{t("status_times", { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}</p>}
          {feed && (
            <p><a href={feed} target="_blank" rel="noopener noreferrer">{t("status_feed")}</a></p>
          )}
        </>
      )}
    </Screen>
  );
}
