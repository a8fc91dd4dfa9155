// The ticket inbox's state: filters, the page of tickets shown, the open ticket and its team;
// kept live by the socket's ticket events.
import { batch, signal } from "@preact/signals";
import { notify } from "./alerts.js";
import { api } from "./api.js";
import { pagedList } from "./paged_list.js";
import { locale, t } from "./i18n.js";
import { sites } from "./me.js";
import { show } from "./tabs.jsx";
import { ticketAlert } from "./ticket_alerts.js";
import { fail, toast } from "./toasts.jsx";

export const STATUSES = ["open", "pending", "awaiting_reply", "resolved", "closed"];
export const PRIORITIES = ["low", "normal", "high", "urgent"];

export const filters = signal({ site: "", status: "", priority: "", category: "", assignee: "",
  breached: false, escalated: false, label: "", q: "" });
/** The open ticket and its site's advisors: {ticket, members}, or null. */
export const detail = signal(null);
/** Bumped when another ticket opens or a reply went: the reply form starts afresh. */
export const freshReply = signal(0);
/** Bumped when the thread should show its end. */
export const threadToEnd = signal(0);
/** Request types by site key, and those the category filter offers. */
const categoriesBySite = {};
export const categoryChoices = signal([]);
const teams = {};
let reloadTimer = null;

/** Fill the category filter from the request types of the chosen site (or of all sites). */
export async function loadCategories() {
  const site = filters.peek().site;
  const keys = site ? [site] : sites().map((s) => s.key);
  const lists = await Promise.all(keys.map(async (key) => {
    if (categoriesBySite[key]) return categoriesBySite[key];
    try {
      const data = await api("GET", `/ticket-categories?site=${encodeURIComponent(key)}&locale=${encodeURIComponent(locale)}`);
      categoriesBySite[key] = data.categories || [];
      return categoriesBySite[key];
    } catch {
      return [];
    }
  }));
  const seen = new Set();
  const choices = lists.flat().filter((c) => !seen.has(c.key) && seen.add(c.key));
  batch(() => {
    categoryChoices.value = choices;
    // A category the chosen site does not have filters nothing any more.
    if (!seen.has(filters.peek().category)) filters.value = { ...filters.peek(), category: "" };
  });
}

/** The title of a ticket's category (› its subcategory), else the key. */
export function categoryTitle(siteKey, key, subKey) {
  void categoryChoices.value; // read, so that titles show as they load
  const found = (categoriesBySite[siteKey] || []).find((c) => c.key === key);
  if (!found) return key || "";
  const sub = (found.subcategories || []).find((s) => s.key === subKey);
  return sub ? `${found.title} › ${sub.title}` : found.title;
}

/** The inbox's list, filtered and soonest due first. */
export const inbox = pagedList("/advisor/tickets", "tickets", () => {
  const f = filters.peek();
  const params = new URLSearchParams();
  for (const name of ["site", "status", "priority", "category", "assignee"]) {
    if (f[name]) params.set(name, f[name]);
  }
  if (f.breached) params.set("breached", "true");
  if (f.escalated) params.set("escalated", "true");
  if (f.label.trim()) params.set("label", f.label.trim());
  if (f.q.trim()) params.set("q", f.q.trim());
  params.set("sort", "due");
  return params;
});
export const { page, total, rows: tickets, error: listError, reload } = inbox;

/** Reload the list soon: many events in a burst cause one request. */
export function reloadSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => reload(false), 300);
}

/** The advisors of a site's team (cached for the session). */
export async function team(siteKey) {
  if (teams[siteKey]) return teams[siteKey];
  try {
    const data = await api("GET", `/advisor/sites/${encodeURIComponent(siteKey)}/team`);
    teams[siteKey] = data.advisors || [];
  } catch {
    return [];
  }
  return teams[siteKey];
}

// The ticket the advisor asked to see last. A refresh of another one (a socket event about the
// ticket shown a moment before a merge opened its target) must not bring it back when its
// answer comes late, nor may a slow answer to an earlier click replace a later one.
let wanted = null;

/** Open the ticket `id` in the detail pane; `refresh` only updates it if it is still wanted. */
export async function open(id, { refresh = false } = {}) {
  if (!refresh) wanted = id;
  let ticket;
  try {
    ticket = await api("GET", `/advisor/tickets/${id}`);
  } catch (error) {
    if (wanted === id) fail(error);
    return;
  }
  if (wanted !== id) return;
  const switching = !detail.peek() || detail.peek().ticket.id !== ticket.id;
  const members = await team(ticket.site);
  if (wanted !== id) return;
  batch(() => {
    detail.value = { ticket, members };
    if (switching) {
      freshReply.value += 1;
      threadToEnd.value += 1;
    }
  });
}

/** Open a ticket known by its number (alerts name tickets by number). */
export async function openNumber(number) {
  show("tickets");
  const params = `q=${encodeURIComponent(String(number))}&status=${STATUSES.join(",")}`;
  try {
    const data = await api("GET", `/advisor/tickets?${params}`);
    const found = (data.tickets || []).find((x) => x.number === number);
    if (found) await open(found.id);
  } catch (error) {
    fail(error);
  }
}

/** Change one field of the open ticket (status, priority, assignee_id). */
export async function change(field, value) {
  const id = detail.peek().ticket.id;
  try {
    await api("PATCH", `/advisor/tickets/${id}`, { [field]: value });
    toast(t("tickets.saved"), "");
    reloadSoon();
  } catch (error) {
    fail(error);
  }
  await open(id);
}

/** Add a reply or an internal note to the open ticket; resolve to null, or the server's error
 * (the reply form shows it, its draft kept). */
export async function comment(payload) {
  const id = detail.peek().ticket.id;
  try {
    await api("POST", `/advisor/tickets/${id}/comments`, payload);
  } catch (error) {
    return error;
  }
  freshReply.value += 1;
  toast(payload.internal ? t("tickets.note_added") : t("tickets.reply_sent"), "");
  reloadSoon();
  await open(id);
  threadToEnd.value += 1;
  return null;
}

/** Follow the socket's ticket events and urgent alerts. */
export function listen(socket) {
  socket.on("ticket", (event) => {
    reloadSoon();
    const ticket = event && event.ticket;
    const shown = detail.peek();
    if (ticket && shown && shown.ticket.number === ticket.number) {
      open(shown.ticket.id, { refresh: true });
    }
  });
  socket.on("alert", (alert) => {
    const ticket = (alert && alert.ticket) || {};
    const { title, text, urgent, tag } = ticketAlert(alert);
    // A click on the toast or on the browser notification opens the ticket.
    notify(title, text, { urgent, tag, onClick: () => openNumber(ticket.number) });
    reloadSoon();
  });
  socket.on("connect", () => reloadSoon());
}
