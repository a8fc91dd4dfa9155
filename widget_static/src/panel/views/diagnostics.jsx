// "Attach diagnostics" in the new request form: off until ticked, then exactly what will be sent.
// About the browser and the host product's routes only: never form values or page content.
import { useRef, useState } from "preact/hooks";
import { onHost, post } from "../bridge.js";
import { t } from "../i18n.js";

const MAX_ITEMS = 20;
const HOST_WAIT_MS = 1500;
const FIELDS = ["browser", "os", "screen", "language", "timezone", "time"];
// Control characters (newlines too), zero-width and bidirectional controls.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]+/g;
const LANGUAGE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
const TIMEZONE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

let answer = null; // resolves the question the panel last put to the loader

// The loader answers [routes, errors], newest first; errors is false when the host did not opt in.
onHost("diagnostics", (data) => {
  if (answer) answer(data);
  answer = null;
});

/** Ask the host page's loader for its last routes and errors; null if it does not answer. */
function fromHost() {
  return new Promise((resolve) => {
    answer = resolve;
    post("diagnostics");
    setTimeout(() => {
      if (answer === resolve) answer = null;
      resolve(null);
    }, HOST_WAIT_MS);
  });
}

/** `value` on one line, cut to `max` characters; "" when it is not text. */
function line(value, max) {
  return typeof value === "string" ? value.replace(CONTROL, " ").trim().slice(0, max) : "";
}

/** A route without its query string and fragment, which may hold personal data. */
function path(value) {
  return line(value, 4000).split(/[?#]/)[0].slice(0, 500);
}

/** A script's address without query, fragment or user name; "" when it is no address. */
function scriptAddress(value) {
  try {
    const url = new URL(line(value, 4000));
    // An opaque address (data:, about:) is all content and no place: left out.
    return url.origin === "null" ? "" : (url.origin + url.pathname).slice(0, 500);
  } catch {
    return "";
  }
}

const BROWSERS = [["Edge", /Edg(?:e|A|iOS)?\/([\d.]+)/], ["Opera", /OPR\/([\d.]+)/],
  ["Samsung Internet", /SamsungBrowser\/([\d.]+)/], ["Firefox", /(?:Firefox|FxiOS)\/([\d.]+)/],
  ["Chrome", /(?:Chrome|CriOS)\/([\d.]+)/], ["Safari", /Version\/([\d.]+).*Safari/]];
const SYSTEMS = [["Windows", /Windows NT ([\d.]+)/], ["Android", /Android ([\d.]+)/],
  ["iOS", /(?:iPhone|iPad|iPod).* OS ([\d_]+)/], ["macOS", /Mac OS X ([\d_.]+)/],
  ["ChromeOS", /CrOS/], ["Linux", /Linux/]];

/** "Name version" of the first rule matching the user agent, else `fallback`. */
function named(rules, agent, fallback) {
  for (const [name, pattern] of rules) {
    const found = agent.match(pattern);
    if (found) return `${name} ${(found[1] || "").replace(/_/g, ".")}`.trim();
  }
  return fallback;
}

/** The device's local time in ISO 8601 with its offset, e.g. 2024-05-01T10:30:00-05:00. */
function localTime(now) {
  const offset = -now.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const local = new Date(now.getTime() + offset * 60000).toISOString().slice(0, 19);
  return `${local}${offset < 0 ? "-" : "+"}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** The host's [message, script, line, ms] entries, newest first, as the API takes them. */
function hostErrors(entries) {
  return entries.slice(0, MAX_ITEMS).reverse().filter(Array.isArray).map(([message, source, at, ms]) => {
    const when = new Date(typeof ms === "number" ? ms : NaN);
    const error = { message: line(String(message ?? ""), 500), source: scriptAddress(source),
      line: Number.isInteger(at) && at > 0 ? Math.min(at, 10000000) : 0 };
    if (!Number.isNaN(when.getTime())) error.at = when.toISOString();
    return error;
  });
}

/** The host's routes, newest first: the paths in the order visited, repeats in a row once. */
function hostRoutes(entries) {
  const routes = [];
  for (const entry of entries.slice(0, MAX_ITEMS).reverse()) {
    const visited = path(entry);
    if (visited && routes[routes.length - 1] !== visited) routes.push(visited);
  }
  return routes;
}

/** Gather what "Attach diagnostics" sends: this browser's facts and the host page's trail. */
export async function collectDiagnostics() {
  const agent = navigator.userAgent || "";
  const found = {
    browser: line(named(BROWSERS, agent, agent), 200),
    os: line(named(SYSTEMS, agent, navigator.userAgentData?.platform || ""), 100),
    screen: `${screen.width | 0}x${screen.height | 0}`,
    language: line(navigator.language, 35),
    time: localTime(new Date()),
  };
  try {
    found.timezone = line(Intl.DateTimeFormat().resolvedOptions().timeZone, 64);
  } catch {
    /* no time zone database: left out */
  }
  if (!LANGUAGE.test(found.language)) delete found.language;
  if (!TIMEZONE.test(found.timezone || "")) delete found.timezone;
  const reply = await fromHost();
  const [routes, errors] = Array.isArray(reply) ? reply : [];
  found.routes = Array.isArray(routes) ? hostRoutes(routes) : [];
  // Only a host that opted in (data-diagnostics="errors") collects its page's errors.
  if (Array.isArray(errors)) found.errors = hostErrors(errors);
  for (const name of FIELDS) if (!found[name]) delete found[name];
  return found;
}

/** Whether diagnostics go with the request, and what they are once gathered (null meanwhile). */
export function useDiagnostics() {
  const [state, setState] = useState({ attach: false, found: null });
  const turn = useRef(0);
  function toggle(attach) {
    const mine = ++turn.current; // unticked (or ticked again) meanwhile: that answer is stale
    setState({ attach, found: null });
    if (!attach) return;
    collectDiagnostics().then((found) => {
      if (turn.current === mine) setState({ attach: true, found });
    });
  }
  return { ...state, busy: state.attach && !state.found, toggle };
}

function Preview({ found }) {
  const rows = FIELDS.filter((name) => found[name]);
  return (
    <div class="hw-diag-preview" id="hw-t-diagnostics-preview">
      <p class="hw-diag-title">{t("diag_preview")}</p>
      <dl>
        {rows.map((name) => [<dt key={`${name}-t`}>{t(`diag_${name}`)}</dt>,
          <dd key={`${name}-d`} data-diag={name}>{found[name]}</dd>])}
      </dl>
      {found.routes.length > 0 && (
        <>
          <p class="hw-diag-title">{t("diag_routes")}</p>
          <ol class="hw-diag-routes">{found.routes.map((route, i) => <li key={i}>{route}</li>)}</ol>
        </>
      )}
      {found.errors && (
        <>
          <p class="hw-diag-title">{t("diag_errors")}</p>
          {found.errors.length ? (
            <ul class="hw-diag-errors">
              {found.errors.map((error, i) => (
                <li key={i}>
                  <span class="hw-diag-message">{error.message}</span>
                  {error.source && (
                    <span class="hw-diag-where">
                      {t("diag_error_where", { source: error.source, line: error.line })}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          ) : <p class="hw-muted">{t("diag_no_errors")}</p>}
        </>
      )}
    </div>
  );
}

/** The "Attach diagnostics" checkbox, its explanation and, once ticked, its preview. */
export function DiagnosticsChoice({ diagnostics, error }) {
  return (
    <div class={error ? "hw-field hw-invalid hw-diagnostics" : "hw-field hw-diagnostics"}>
      <div class="hw-check">
        <input id="hw-t-diagnostics" type="checkbox" checked={diagnostics.attach}
          aria-describedby="hw-t-diagnostics-hint"
          onChange={(event) => diagnostics.toggle(event.currentTarget.checked)} />
        <label for="hw-t-diagnostics">{t("diag_attach")}</label>
      </div>
      <p class="hw-hint" id="hw-t-diagnostics-hint">{t("diag_hint")}</p>
      {diagnostics.busy && <p class="hw-muted" role="status">{t("diag_collecting")}</p>}
      {diagnostics.attach && diagnostics.found && <Preview found={diagnostics.found} />}
      {error && <p class="hw-field-error" role="alert">{error}</p>}
    </div>
  );
}
