// Advisors' answers to the visitor's requests heard live: unread (the launcher's badge and the
// host's `unread` event) until the request, or the list of requests, is on screen.
import { effect, signal } from "@preact/signals";
import { api } from "../api.js";
import { post } from "../bridge.js";
import { stack } from "../router.js";
import { onSession } from "../session.js";
import { getSocket, on } from "../socket.js";
import { unread, visible } from "../state.js";
import { chatUnread } from "./chat_state.js";

/** Numbers of the requests with an advisor's answer the visitor has not seen yet. */
export const answered = signal([]);

function top() {
  return stack.value[stack.value.length - 1] || {};
}

/** The request number on screen, "all" for the list of requests, else null. */
function onScreen() {
  if (!visible.value) return null;
  const view = top();
  if (view.name === "requests") return "all";
  return view.name === "request" ? Number(view.params?.number) : null;
}

/** Listen for answers: at once after a request was sent, or when the visitor has open ones. */
export function watchTickets() {
  getSocket().catch(() => null);
}

on("ticket", (event) => {
  if (event?.event !== "comment" || event.comment?.author_kind !== "advisor") return;
  const number = event.ticket?.number;
  if (!number) return;
  post("event", { name: "ticket_reply", data: { number, reference: event.ticket.reference } });
  const seen = onScreen();
  if (seen !== "all" && seen !== number && !answered.peek().includes(number)) {
    answered.value = [...answered.peek(), number];
  }
});

// Looking at a request (or the list of them) reads its answers.
effect(() => {
  const seen = onScreen();
  const list = answered.value;
  if (seen === "all" && list.length) answered.value = [];
  else if (seen !== null && list.includes(seen)) answered.value = list.filter((n) => n !== seen);
});

// The badge counts both: chat messages and answered requests.
effect(() => {
  unread.value = chatUnread.value + answered.value.length;
});

onSession(() => {
  api("GET", "/tickets", { query: { state: "open", page: 1, per_page: 1 } })
    .then((data) => data?.total && watchTickets()).catch(() => null);
});
