// Article management's state: the site, the list's filters and rows, the article being edited.
import { batch, signal } from "@preact/signals";
import { api } from "./api.js";
import { sites } from "./me.js";
import { fail } from "./toasts.jsx";

export const KINDS = ["article", "faq", "video", "download"];

export const site = signal(null);
export const listFilters = signal({ locale: "", status: "", q: "" });
/** The site's settings (locales, default_locale, account_types) from the last list. */
export const info = signal(null);
export const categories = signal([]);
export const rows = signal(null); // null until the first list comes
export const total = signal(0);
export const listError = signal(null);
/** The editor: null (the list shows), {article: null} for a new one, or {article}. */
export const editing = signal(null);
let opened = 0;

export const adminSites = () => sites().filter((s) => s.role === "admin");

export const base = () => `/advisor/sites/${encodeURIComponent(site.peek())}/articles`;

/** Load the list with the current filters. */
export async function loadList() {
  const f = listFilters.peek();
  const params = new URLSearchParams();
  if (f.locale) params.set("locale", f.locale);
  if (f.status) params.set("status", f.status);
  if (f.q.trim()) params.set("q", f.q.trim());
  try {
    const data = await api("GET", `${base()}?${params.toString()}`);
    batch(() => {
      info.value = data.site;
      categories.value = data.categories || [];
      rows.value = data.articles || [];
      total.value = data.total;
      listError.value = null;
      // A language the site no longer has lists every language.
      if (f.locale && !(data.site.locales || []).includes(f.locale)) {
        listFilters.value = { ...listFilters.peek(), locale: "" };
      }
    });
  } catch (error) {
    listError.value = error.message;
  }
}

/** Open the editor on `article` (null: a new one, `draft` its first values); each opening
 * starts the form afresh. */
export function openEditor(article, draft = null) {
  opened += 1;
  editing.value = { article, draft, key: opened };
}

/** Open a new article of the site `key` with `draft` ({title, locale}) filled in. */
export async function openDraft(key, draft) {
  site.value = key;
  await loadList();
  openEditor(null, draft);
}

export function closeEditor() {
  editing.value = null;
  loadList();
}

/** Fetch the article `id` and edit it. */
export async function edit(id) {
  try {
    openEditor(await api("GET", `${base()}/${id}`));
  } catch (error) {
    fail(error);
  }
}

/** Start on the first site the advisor administers. */
export function startArticles() {
  const mine = adminSites();
  if (!mine.length) return false;
  // A draft opened from elsewhere (Insights) has chosen its site already.
  if (!mine.some((s) => s.key === site.peek())) site.value = mine[0].key;
  loadList();
  return true;
}
