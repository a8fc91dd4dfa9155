// Durations of the Reports page in words ("1 h 20 min"), in the advisor's language.
import { t } from "./i18n.js";

/** Seconds as the largest two units that matter, or a dash when nothing was measured. */
export function formatDuration(seconds) {
  if (seconds == null) return t("reports.none");
  const s = Math.round(seconds);
  if (s < 60) return t("reports.seconds", { n: s });
  if (s < 3600) return t("reports.minutes", { n: Math.round(s / 60) });
  if (s < 86400) return t("reports.hours", { h: Math.floor(s / 3600), m: Math.round((s % 3600) / 60) });
  return t("reports.days", { d: Math.floor(s / 86400), h: Math.round((s % 86400) / 3600) });
}
