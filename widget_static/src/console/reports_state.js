// The Reports page's state: the site (or every site, for the server's owner), the range and the
// grouping asked for, and the report; kept while the console is open, like Insights'.
import { batch, signal } from "@preact/signals";
import { api, apiUrl } from "./api.js";
import { resolveRange } from "./insights_state.js";
import { me, sites } from "./me.js";
import { messageLines } from "./ui.jsx";

export const ALL = "*"; // the API's site key for every site at once (owner only; no site has it)
export const site = signal("");
/** A preset's days, or "custom" with its from and to (YYYY-MM-DD, the site's days). */
export const range = signal({ preset: 30, from: "", to: "" });
export const group = signal("day");
export const report = signal(null);
export const loadError = signal(null);
export const loading = signal(false);
let asked = 0; // answers to an older request are dropped

export const isOwner = () => Boolean(me.value && me.value.is_owner);

/** The API path of a site's report ("*": every site's). */
const path = (key) => `/advisor/sites/${encodeURIComponent(key)}/reports`;

/** The address of the CSV of `table` for the report shown (its site, range and grouping). */
export function csvUrl(table) {
  const shown = report.peek();
  const params = new URLSearchParams({ from: shown.from, to: shown.to, group: shown.group });
  return apiUrl(`${path(shown.site)}/${table}.csv?${params}`);
}

/** Load the report for the current filters (a custom range that is not valid says why). */
export async function load() {
  const days = resolveRange(range.peek());
  if (days.error) {
    loadError.value = days.error;
    return;
  }
  if (!site.peek()) return;
  asked += 1;
  const mine = asked;
  loading.value = true;
  const params = new URLSearchParams({ from: days.from, to: days.to, group: group.peek() });
  try {
    const data = await api("GET", `${path(site.peek())}?${params}`);
    if (mine !== asked) return;
    batch(() => {
      report.value = data;
      loadError.value = null;
    });
  } catch (error) {
    if (mine !== asked) return;
    const why = messageLines(error.fields);
    batch(() => {
      report.value = null;
      loadError.value = why.length ? why.join(" ") : error.message;
    });
  } finally {
    if (mine === asked) loading.value = false;
  }
}

/** Start on the site already chosen (every site only for the owner), else the advisor's first. */
export function startReports() {
  const mine = sites();
  if (!mine.length) return;
  const chosen = site.peek();
  if (!(chosen === ALL && isOwner()) && !mine.some((s) => s.key === chosen)) site.value = mine[0].key;
  load();
}
