// Durations and averages of the Reports page in the advisor's language ("1 h 20 min").
import { locale, t } from "./i18n.js";
import { formatNumber } from "./insights_format.js";

let tenths;
try {
  tenths = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
} catch {
  tenths = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });
}

/** Seconds as the two largest units that matter, or a dash when nothing was measured. */
export function formatDuration(seconds) {
  if (seconds == null) return t("reports.none");
  const s = Math.round(seconds);
  if (s < 60) return t("reports.seconds", { n: formatNumber(s) });
  const minutes = Math.round(s / 60);
  if (minutes < 60) return t("reports.minutes", { n: formatNumber(minutes) });
  const hours = Math.round(s / 3600);
  if (s < 86400 || hours < 24) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m ? t("reports.hours", { h: formatNumber(h), m: formatNumber(m) }) : t("reports.hours_only", { h: formatNumber(h) });
  }
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? t("reports.days", { d: formatNumber(d), h: formatNumber(h) }) : t("reports.days_only", { d: formatNumber(d) });
}

/** An average rating with at most one decimal ("4.5"), or a dash when there is none. */
export const formatAverage = (value) => (value == null ? t("reports.none") : tenths.format(value));
