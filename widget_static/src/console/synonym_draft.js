// A synonym group to start from elsewhere in the console (the Insights page's "add a synonym"):
// it opens Site settings on the site, and its Search group's new-group form holds the words.
import { signal } from "@preact/signals";
import { show } from "./tabs.jsx";

/** The pending draft, {site, locale, words}, until the Search group takes it; else null. */
export const synonymDraft = signal(null);

/** Open the Search settings of `site` with a new group of `words` in `locale` to complete. */
export function openSynonymDraft(site, locale, words) {
  const list = (Array.isArray(words) ? words : [words]).map((w) => String(w || "").trim()).filter(Boolean);
  synonymDraft.value = { site, locale, words: list };
  show("settings");
}

/** Return the draft for `site` and forget it, or null when there is none for it. */
export function takeDraft(site) {
  const draft = synonymDraft.peek();
  if (!draft || draft.site !== site) return null;
  synonymDraft.value = null;
  return draft;
}
