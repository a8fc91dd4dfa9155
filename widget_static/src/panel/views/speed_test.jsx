// Internet speed test against the help server: latency, download, upload, then a plain verdict.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, getToken } from "../api.js";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { ensureSession } from "../session.js";
import { siteKey } from "../state.js";
import { Screen } from "../ui.jsx";
import {
  measureLatency, measureThroughput, randomBytes, rounded, slowReasons,
} from "./speed.js";
import { CardIcon } from "./icons.jsx";

const now = () => performance.now();
// The running test's transfers: leaving the view stops them instead of moving 20 MB for nothing.
let controller = null;

/** The visitor's session: the server moves test bytes only for a live visitor of the site. */
function authorization() {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function ping() {
  await api("GET", "/speedtest/ping");
}

async function download(bytes) {
  const query = new URLSearchParams({ site: siteKey, bytes: String(bytes) });
  const response = await fetch(`/api/v1/speedtest/download?${query}`, {
    cache: "no-store", signal: controller?.signal, headers: authorization(),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  await response.arrayBuffer(); // the time counts until the last byte arrived
}

let pool = new Uint8Array(0);

/** Random bytes to send, made before the clock starts so their making is not timed. */
function prepareUpload(bytes) {
  if (pool.length < bytes) pool = randomBytes(bytes);
}

async function upload(bytes) {
  const query = new URLSearchParams({ site: siteKey });
  const response = await fetch(`/api/v1/speedtest/upload?${query}`, {
    method: "POST", body: pool.subarray(0, bytes), cache: "no-store", signal: controller?.signal,
    headers: { "Content-Type": "application/octet-stream", ...authorization() },
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  await response.arrayBuffer();
}

function Figure({ label, value, unit, active }) {
  return (
    <div class={active ? "hw-figure hw-figure-active" : "hw-figure"}>
      <dt>{label}</dt>
      <dd>{value === null ? "—" : t(unit, { value: rounded(value) })}</dd>
    </div>
  );
}

export default function SpeedTestView() {
  const [phase, setPhase] = useState("idle"); // idle | latency | download | upload | done | failed
  const [figures, setFigures] = useState({ latency: null, jitter: null, download: null, upload: null });
  const alive = useRef(true);
  useEffect(() => () => {
    alive.current = false;
    controller?.abort();
  }, []);

  async function run() {
    const found = { latency: null, jitter: null, download: null, upload: null };
    controller = new AbortController();
    const show = (values) => { Object.assign(found, values); if (alive.current) setFigures({ ...found }); };
    show({});
    try {
      await ensureSession();
      setPhase("latency");
      const latency = await measureLatency(ping, now);
      show({ latency: latency.latency, jitter: latency.jitter });
      if (!alive.current) return;
      setPhase("download");
      show({ download: await measureThroughput(download, now, {
        progress: (speed) => show({ download: speed }),
      }) });
      if (!alive.current) return;
      setPhase("upload");
      show({ upload: await measureThroughput(upload, now, {
        progress: (speed) => show({ upload: speed }), prepare: prepareUpload,
      }) });
      if (alive.current) setPhase("done");
    } catch {
      if (alive.current) setPhase("failed");
    }
  }

  const running = ["latency", "download", "upload"].includes(phase);
  const reasons = phase === "done" ? slowReasons(figures) : [];
  const report = phase === "done" && t("speed_ticket_body", {
    latency: rounded(figures.latency), jitter: rounded(figures.jitter),
    download: rounded(figures.download), upload: rounded(figures.upload),
  });
  return (
    <Screen title={t("speed_title")}>
      <p>{t("speed_intro")}</p>
      <dl class="hw-figures">
        <Figure label={t("speed_latency")} value={figures.latency} unit="speed_ms" active={phase === "latency"} />
        <Figure label={t("speed_jitter")} value={figures.jitter} unit="speed_ms" active={phase === "latency"} />
        <Figure label={t("speed_download")} value={figures.download} unit="speed_mbps" active={phase === "download"} />
        <Figure label={t("speed_upload")} value={figures.upload} unit="speed_mbps" active={phase === "upload"} />
      </dl>
      <p class="hw-speed-progress" role="status" aria-live="polite">
        {running && t(`speed_measuring_${phase}`)}
        {phase === "done" && t("speed_done")}
      </p>
      {running && <progress class="hw-speed-bar" aria-label={t("speed_progress")} max={3} value={["latency", "download", "upload"].indexOf(phase)} />}
      {phase === "failed" && <p class="hw-error" role="alert">{t("speed_failed")}</p>}
      {phase === "done" && (
        <div class={reasons.length ? "hw-verdict hw-verdict-slow" : "hw-verdict hw-verdict-fine"}>
          {reasons.length ? (
            <p>
              <span aria-hidden="true" class="hw-verdict-icon">!</span>{" "}
              {t("speed_slow", { reasons: reasons.map((reason) => t(`speed_slow_${reason}`)).join(", ") })}
            </p>
          ) : (
            <>
              <p><CardIcon icon="check" className="hw-verdict-icon" /> {t("speed_fine")}</p>
              <button type="button" class="hw-button"
                onClick={() => navigate("new_request", { subject: t("speed_ticket_subject"), description: report })}>
                {t("speed_tell_us")}
              </button>
            </>
          )}
        </div>
      )}
      {!running && (
        <button type="button" class={phase === "idle" ? "hw-button" : "hw-button hw-secondary"} onClick={run}>
          {t(phase === "idle" ? "speed_start" : "speed_again")}
        </button>
      )}
    </Screen>
  );
}
