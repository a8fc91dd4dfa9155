// Numbers, rates and days of the Insights page as text in the advisor's language.
import { locale, t } from "./i18n.js";

const make = (options) => {
  try {
    return new Intl.NumberFormat(locale, options);
  } catch {
    return new Intl.NumberFormat("en", options);
  }
};
const numbers = make({});
const percents = make({ style: "percent", maximumFractionDigits: 1 });

/** A count as text ("1,234"). */
export const formatNumber = (n) => (n == null ? "" : numbers.format(n));

/** A 0..1 rate as a percentage, or "n/a" when there was nothing to divide by. */
export const formatRate = (rate) => (rate == null ? t("insights.no_rate") : percents.format(rate));

/** A day (YYYY-MM-DD, UTC) as a short date in the advisor's language. */
export function formatDay(day) {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
  } catch {
    return day;
  }
}

/** A day as a short date for a chart's axis ("6 Dec"). */
export function formatShortDay(day) {
  const date = new Date(`${day}T00:00:00Z`);
  try {
    return new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" }).format(date);
  } catch {
    return day;
  }
}
