// Panel strings come from the server's gettext catalogs (GET /widget/strings/<locale>.json).
import { boot } from "./boot.js";
import { config, locale } from "./state.js";

const catalogs = { [boot.locale || "en"]: boot.strings || {} };

/** Return the string `key` in the current language, with `{name}` placeholders filled. */
export function t(key, vars) {
  const text = (catalogs[locale.value] || {})[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? vars[name] : `{${name}}`)) : text;
}

/** Switch the panel to `wanted` (loading its strings first); unknown languages are ignored. */
export async function setLocale(wanted) {
  if (!catalogs[wanted]) {
    const response = await fetch(`/widget/strings/${encodeURIComponent(wanted)}.json`);
    if (!response.ok) return false;
    catalogs[wanted] = await response.json();
  }
  locale.value = wanted;
  document.documentElement.lang = wanted;
  return true;
}

/** `zone` if this browser knows that IANA time zone, else null. */
function known(zone) {
  try {
    return zone && new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The visitor's own time zone. */
export function localZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** The site's time zone: that of its support hours (null when it has none). */
export function siteZone() {
  const hours = config.value?.contact?.hours;
  return known((Array.isArray(hours) ? hours[0] : hours)?.timezone);
}

const DAY_TIME = { weekday: "long", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
const DATE_TIME = { dateStyle: "medium", timeStyle: "short" };

function formatter(options, zone) {
  return new Intl.DateTimeFormat(locale.value, { ...options, timeZone: zone });
}

/**
 * The one rule for every time the panel shows: in the site's zone (or `zone`), labelled with it,
 * and in the visitor's own zone, labelled, when that one differs.
 */
function zoned(render, zone) {
  const here = localZone();
  const there = known(zone) || here;
  let text = t("time_in_zone", { time: render(there), zone: there });
  if (there !== here) text += ` · ${t("time_yours", { time: render(here), zone: here })}`;
  return text;
}

/** Format an ISO date-time for people, in the panel's language (dates alone: in the site's zone). */
export function formatDate(iso, withTime = true, zone = siteZone()) {
  if (!iso) return "";
  const date = new Date(iso);
  if (!withTime) return formatter({ dateStyle: "medium" }, known(zone) || undefined).format(date);
  return zoned((where) => formatter(DATE_TIME, where).format(date), zone);
}

/** When a maintenance window runs, by the same rule, in the window's own zone. */
export function formatWindow(item) {
  return formatSpan(item.starts_at, item.ends_at, item.timezone);
}

/** Format a span of time ("Friday 7 Nov, 19:30 – 23:30") by the same rule, in `zone`. */
export function formatSpan(startIso, endIso, zone) {
  const start = new Date(startIso);
  const end = new Date(endIso);
  return zoned((where) => {
    const format = formatter(DAY_TIME, where);
    try {
      return format.formatRange(start, end);
    } catch {
      return `${format.format(start)} – ${format.format(end)}`;
    }
  }, zone);
}
