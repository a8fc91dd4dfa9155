// The Insights page's state: the site, the date range and language asked for, and the report.
import { batch, signal } from "@preact/signals";
import { api, apiUrl } from "./api.js";
import { t } from "./i18n.js";
import { sites } from "./me.js";
import { messageLines } from "./ui.jsx";

export const PRESETS = [7, 30, 90];
const MAX_DAYS = 366; // the server's limit (contract of GET .../insights)
const DAY_MS = 86400000;

export const site = signal("");
/** The range asked for: a preset's days, or "custom" with its from and to (YYYY-MM-DD, UTC). */
export const range = signal({ preset: 30, from: "", to: "" });
export const language = signal("");
export const report = signal(null);
export const loadError = signal(null);
export const rangeError = signal(null);
export const loading = signal(false);
let asked = 0; // answers to an older request are dropped

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const parseDay = (text) => (/^\d{4}-\d{2}-\d{2}$/.test(text || "") && isoDay(Date.parse(`${text}T00:00:00Z`)) === text
  ? Date.parse(`${text}T00:00:00Z`) : null);

/** The first and last day of a preset of `days` days ending today (UTC). */
export function presetDays(days, now = Date.now()) {
  return { from: isoDay(now - (days - 1) * DAY_MS), to: isoDay(now) };
}

/** The {from, to} a range asks for, or {error} when a custom one is not a valid range. */
export function resolveRange(value) {
  if (value.preset !== "custom") return presetDays(value.preset);
  const from = parseDay(value.from);
  const to = parseDay(value.to);
  if (from === null || to === null) return { error: t("insights.bad_date") };
  if (from > to) return { error: t("insights.bad_order") };
  if ((to - from) / DAY_MS + 1 > MAX_DAYS) return { error: t("insights.too_long") };
  return { from: value.from, to: value.to };
}

/** The query string of the current filters (the page's and its CSV links'). */
export function query() {
  const days = resolveRange(range.peek());
  const params = new URLSearchParams();
  if (!days.error) {
    params.set("from", days.from);
    params.set("to", days.to);
  }
  if (language.peek()) params.set("locale", language.peek());
  return params.toString();
}

const base = () => `/advisor/sites/${encodeURIComponent(site.peek())}/insights`;

/** The address of the CSV of `table` with the filters of the report shown. */
export function csvUrl(table) {
  const shown = report.peek() && report.peek().range;
  const params = shown ? new URLSearchParams({ from: shown.from, to: shown.to }) : new URLSearchParams(query());
  if (shown && shown.locale) params.set("locale", shown.locale);
  return apiUrl(`${base()}/${table}.csv?${params.toString()}`);
}

/** Load the report for the current filters (a custom range that is not valid says why). */
export async function load() {
  const days = resolveRange(range.peek());
  rangeError.value = days.error || null;
  if (days.error || !site.peek()) return;
  asked += 1;
  const mine = asked;
  loading.value = true;
  try {
    const data = await api("GET", `${base()}?${query()}`);
    if (mine !== asked) return;
    batch(() => {
      report.value = data;
      loadError.value = null;
    });
  } catch (error) {
    if (mine !== asked) return;
    batch(() => {
      report.value = null;
      // A refused range says which field and why (a date, the order, the length).
      const why = messageLines(error.fields);
      loadError.value = why.length ? why.join(" ") : error.message;
    });
  } finally {
    if (mine === asked) loading.value = false;
  }
}

/** Start on the site already chosen, else the advisor's first. */
export function startInsights() {
  const mine = sites();
  if (!mine.length) return;
  if (!mine.some((s) => s.key === site.peek())) site.value = mine[0].key;
  load();
}
