// The inbox tickets chosen for one change to all of them, and what the last such change did.
import { batch, signal } from "@preact/signals";
import { api } from "./api.js";
import { detail, open, reload, tickets } from "./tickets_state.js";

/** Ids of the chosen tickets; only those on the page shown count. */
export const chosen = signal(new Set());
/** The last change's answer {changed, refused}, or {error, lines} when it was refused whole. */
export const outcome = signal(null);
/** Whether a change is under way. */
export const working = signal(false);

/** The rows of the page shown that are chosen. */
export function chosenRows() {
  const ids = chosen.value;
  return (tickets.value || []).filter((row) => ids.has(row.id));
}

/** Choose the ticket `id`, or leave it out. */
export function choose(id, on) {
  const next = new Set(chosen.peek());
  if (on) next.add(id);
  else next.delete(id);
  chosen.value = next;
}

/** Choose every ticket of the page shown, or none. */
export function choosePage(on) {
  chosen.value = on ? new Set((tickets.peek() || []).map((row) => row.id)) : new Set();
}

/** Make one change ({status}, {priority}, {assignee_id} or {label}) to the chosen tickets. */
export async function changeChosen(change) {
  const ids = chosenRows().map((row) => row.id);
  if (!ids.length || working.peek()) return;
  batch(() => {
    working.value = true;
    outcome.value = null;
  });
  try {
    outcome.value = await api("POST", "/advisor/tickets/bulk", { ids, ...change });
  } catch (error) {
    outcome.value = { error: error.message, fields: error.fields || {} };
  } finally {
    working.value = false;
  }
  await reload(false);
  const shown = detail.peek();
  if (shown && ids.includes(shown.ticket.id)) await open(shown.ticket.id);
}
