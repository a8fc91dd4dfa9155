// The signed-in advisor (/advisor/me) and the sites they work on.
import { signal } from "@preact/signals";

export const me = signal(null);

/** The advisor's sites: [{key, name, role}]. */
export const sites = () => (me.value && me.value.sites) || [];

/** Tell whether the advisor is an admin of the site `key` (or of any site). */
export const isAdmin = (key) => sites().some((s) => s.role === "admin" && (!key || s.key === key));

/** The name of the site `key`, or the key when it is not one of the advisor's. */
export function siteName(key) {
  const found = sites().find((s) => s.key === key);
  return found ? found.name : key;
}

/** Whether the advisor works on more than one site (lists then say which). */
export const manySites = () => sites().length > 1;
