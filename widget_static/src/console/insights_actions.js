// The content gaps' one-click actions: a new article titled after the query, or a new
// synonym group that starts with it; each opens the console's own editor for it.
import { openDraft } from "./articles_state.js";
import { openSynonymDraft } from "./synonym_draft.js";
import { show } from "./tabs.jsx";

/** A query as an article's title: its first letter in capitals ("reset password" -> "Reset password"). */
export const titleOf = (query) => query.charAt(0).toLocaleUpperCase() + query.slice(1);

/** Open the Articles tab on a new article of the site `key` titled after `query`. */
export function writeArticle(key, query, locale) {
  openDraft(key, { title: titleOf(query), locale: locale || "" });
  show("articles");
}

/** Open the Search settings of the site `key` on a new synonym group that holds `query`
 * (in the language filtered on; else the settings start on the site's default language). */
export function addSynonym(key, query, locale) {
  openSynonymDraft(key, locale || "", [query]);
}
