// Conversations' state: the filters, the page of tickets and chats shown, and what the side pane
// shows (a chat's read-only transcript, or a customer, an account).
import { signal } from "@preact/signals";
import { api } from "./api.js";
import { pagedList } from "./paged_list.js";
import { show } from "./tabs.jsx";
import { open as openTicketDetail } from "./tickets_state.js";
import { fail } from "./toasts.jsx";

export const EMPTY = { site: "", kind: "", q: "", requester: "", account: "", status: "",
  advisor: "", category: "", label: "", since: "", until: "" };
export const filters = signal({ ...EMPTY });
/** The side pane: null, {kind: "transcript", data}, {kind: "customer", data} or {kind: "account", data}. */
export const pane = signal(null);
export const conversations = pagedList("/advisor/conversations", "conversations", () => {
  const f = filters.peek();
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(f)) {
    if (String(value).trim()) params.set(name, String(value).trim());
  }
  return params;
});

function showPane(next, keep) {
  // Each pane remembers the one it was opened from, so "Back" returns there.
  pane.value = { ...next, previous: keep ? pane.peek() : null };
}

/** Step back to the pane shown before this one (none: the pane empties). */
export function back() {
  pane.value = (pane.peek() && pane.peek().previous) || null;
}

/** Open a row: a ticket in the Tickets view's detail, a chat's transcript here. */
export async function openRow(row, keep = false) {
  if (row.kind === "ticket") {
    show("tickets");
    await openTicketDetail(row.id);
    return;
  }
  await openTranscript(row.id, keep);
}

/** Show a chat's whole transcript, read-only. */
export async function openTranscript(id, keep = false) {
  try {
    const data = await api("GET", `/advisor/chats/${encodeURIComponent(id)}/transcript`);
    showPane({ kind: "transcript", data }, keep);
  } catch (error) {
    fail(error);
  }
}

/** Show the customer view of an identified user (`user_id`) or else of a visitor's session. */
export async function openCustomer({ user_id: userId, visitor_id: visitorId }, keep = false) {
  const path = userId ? `/advisor/customers/user/${encodeURIComponent(userId)}`
    : visitorId ? `/advisor/customers/visitor/${encodeURIComponent(visitorId)}` : null;
  if (!path) return;
  show("conversations");
  try {
    showPane({ kind: "customer", data: await api("GET", path) }, keep);
  } catch (error) {
    fail(error);
  }
}

/** Show an account's people and shared tickets. */
export async function openAccount(site, account, keep = true) {
  const query = new URLSearchParams({ site, account });
  try {
    showPane({ kind: "account", data: await api("GET", `/advisor/customers/account?${query}`) }, keep);
  } catch (error) {
    fail(error);
  }
}
