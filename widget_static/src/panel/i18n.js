// Panel strings come from the server's gettext catalogs (GET /widget/strings/<locale>.json).
import { boot } from "./boot.js";
import { locale } from "./state.js";

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

/** Format an ISO date-time for people, in the panel's language. */
export function formatDate(iso, withTime = true) {
  if (!iso) return "";
  const options = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
  return new Intl.DateTimeFormat(locale.value, options).format(new Date(iso));
}
