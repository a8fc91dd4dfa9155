// The console's words, which the page carries as a JSON block in the advisor's language
// (helpwidget/console/strings*.py), and its dates in that language.
const node = document.getElementById("console-strings");
const strings = JSON.parse((node && node.textContent) || "{}");
const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

export const locale = document.documentElement.lang || "en";

/** Return the console text `key` in the advisor's language, with {name} placeholders filled. */
export function t(key, vars) {
  let text = own(strings, key) ? strings[key] : key;
  if (vars) {
    text = text.replace(/\{(\w+)\}/g, (whole, name) => (own(vars, name) ? String(vars[name]) : whole));
  }
  return text;
}

/** Format an ISO time in the advisor's language, or "" for none. */
export function formatTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short" }).format(date);
  } catch {
    return date.toLocaleString();
  }
}

/** Say how far away an ISO time is ("in 3 hours", "2 days ago"). */
export function relativeTime(iso) {
  if (!iso) return "";
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const units = [["day", 86400], ["hour", 3600], ["minute", 60]];
  try {
    const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    for (let i = 0; i < units.length; i += 1) {
      if (Math.abs(seconds) >= units[i][1] || i === units.length - 1) {
        return format.format(Math.round(seconds / units[i][1]), units[i][0]);
      }
    }
  } catch {
    /* old browsers: the absolute time below is enough */
  }
  return formatTime(iso);
}
