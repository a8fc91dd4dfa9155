// System status: the current state with its message, maintenance windows and the Atom feed.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { formatDate, formatWindow, t } from "../i18n.js";
import { webAddress } from "../links.js";
import { config } from "../state.js";
import { Loading, Screen } from "../ui.jsx";
import { CardIcon } from "./icons.jsx";

const ICONS = { operational: "check", degraded: "bang", partial_outage: "bang", major_outage: "cross",
  maintenance: "wrench" };

/** The status icon: a shape that tells the state apart without relying on its colour. */
export function StatusIcon({ status }) {
  return <CardIcon icon={ICONS[status] || "question"} className={`hw-sys-icon hw-sys-${status}`} />;
}

function Window({ window: item }) {
  return (
    <li class="hw-maintenance">
      <p class="hw-maintenance-title">{item.title}</p>
      <p class="hw-maintenance-when">
        {formatWindow(item)}
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
          {feed && (
            <p><a href={feed} target="_blank" rel="noopener noreferrer">{t("status_feed")}</a></p>
          )}
        </>
      )}
    </Screen>
  );
}
