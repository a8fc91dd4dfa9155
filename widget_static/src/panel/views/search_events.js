// What readers did with a search's results, for the site's insights: fire-and-forget, so a
// failure never stands between the reader and the article. Nothing is sent when the server did
// not record the search (insights off: its id is null).
import { api } from "../api.js";

/** Tell the server the reader opened `articleId`, shown at `rank` (1 = first) of search `searchId`. */
export function recordClick(searchId, articleId, rank) {
  if (searchId === null || searchId === undefined) return;
  api("POST", `/search/${encodeURIComponent(searchId)}/click`,
    { body: { article_id: articleId, rank } }).catch(() => null);
}

/** Tell the server article `articleId` of search `searchId` solved the reader's problem. */
export function recordSolved(searchId, articleId) {
  if (searchId === null || searchId === undefined) return Promise.resolve();
  return api("POST", `/search/${encodeURIComponent(searchId)}/solved`,
    { body: { article_id: articleId } }).catch(() => null);
}
