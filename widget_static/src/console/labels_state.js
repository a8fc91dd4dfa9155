// Labels as the console keeps them: each site's labels (for suggestions), fetched again after a
// while or after a change, and the calls that replace a ticket's or a chat's labels.
import { api } from "./api.js";

const STALE_MS = 60000;
const bySite = new Map(); // site key -> {at, promise of [{id, name, tickets, chats}]}

/** The site's labels by name, with their counts; [] when they cannot be had. */
export function siteLabels(siteKey) {
  const cached = bySite.get(siteKey);
  if (cached && Date.now() - cached.at < STALE_MS) return cached.promise;
  const promise = api("GET", `/advisor/sites/${encodeURIComponent(siteKey)}/labels`)
    .then((data) => (data && data.labels) || [], () => {
      bySite.delete(siteKey);
      return [];
    });
  bySite.set(siteKey, { at: Date.now(), promise });
  return promise;
}

/** The labels of several sites, each name once (the inbox's filter over all sites). */
export async function labelsOfSites(siteKeys) {
  const lists = await Promise.all(siteKeys.map(siteLabels));
  return Array.from(new Set(lists.flat().map((label) => label.name))).sort();
}

/** Replace a ticket's labels; resolve with the ticket as its detail shows it. */
export async function saveTicketLabels(ticket, names) {
  const saved = await api("PUT", `/advisor/tickets/${ticket.id}/labels`, { labels: names });
  bySite.delete(ticket.site); // a new name made a label, and the counts moved
  return saved;
}

/** Replace a chat's labels; resolve with the chat. */
export async function saveChatLabels(chat, names) {
  const saved = await api("PUT", `/advisor/chats/${chat.id}/labels`, { labels: names });
  bySite.delete(chat.site);
  return saved;
}
