// The visitor's chat, kept outside the view: messages keep arriving (and count as unread)
// while other views are shown; nothing is lost across reconnects.
import { effect, signal } from "@preact/signals";
import { api } from "../api.js";
import { post } from "../bridge.js";
import { stack } from "../router.js";
import { ensureSession, hostKeepsChat, onSession, restored } from "../session.js";
import { clientId, typingIndicator, typingNotifier } from "../../shared/chat_protocol.js";
import { on, protocol, request } from "../socket.js";
import { siteKey, user, visible } from "../state.js";
import { beep, remember } from "./chat_prefs.js";

const OPEN_KEY = `helpwidget:${siteKey}:chat_open`;

/** "idle" | "loading" | "ready" (availability known, no chat) | "chat" | "error". */
export const phase = signal("idle");
export const chat = signal(null);
export const messages = signal([]); // stored ones in seq order, then the ones still on their way
export const availability = signal(null);
export const advisorTyping = signal(null);
export const loadError = signal(null);
/** Advisors' chat messages not seen yet (the badge adds answered requests: ticket_news.js). */
export const chatUnread = signal(0);
let lastSeq = 0;
let readSent = 0;

export const newId = clientId;

const quietly = (event, data) => request(event, data).catch(() => null);

function viewing() {
  const top = stack.value[stack.value.length - 1];
  return visible.value && top?.name === "chat";
}

export function setChat(value) {
  chat.value = value;
  remember(OPEN_KEY, value && value.status !== "closed" ? String(value.id) : "");
  post("keep", { chat: Boolean(value && value.status !== "closed") });
}

/** Take stored messages in (deduplicated, replacing the pending copy); return the new ones. */
export function merge(list) {
  let next = messages.peek();
  const added = [];
  for (const message of list || []) {
    if (next.some((item) => item.id === message.id)) continue;
    if (message.author?.kind === "visitor" && message.client_id) {
      next = next.filter((item) => item.id || item.client_id !== message.client_id);
    }
    next = [...next, message];
    added.push(message);
    lastSeq = Math.max(lastSeq, message.seq);
  }
  if (added.length) {
    messages.value = [...next.filter((item) => item.id).sort((a, b) => a.seq - b.seq),
      ...next.filter((item) => !item.id)];
  }
  return added;
}

/** Tell the advisor how far the visitor has read (only what they have not been told yet). */
function markRead() {
  const current = chat.peek();
  if (!current || lastSeq <= readSent) return;
  readSent = lastSeq;
  quietly("chat:read", { chat_id: current.id, seq: lastSeq });
}

/** New messages heard live: advisors' ones count as unread unless the chat is on screen. */
function arrived(added) {
  const fromAdvisor = added.filter((message) => message.author?.kind === "advisor");
  if (!added.length) return;
  if (fromAdvisor.length) advisorTyping.value = null;
  for (const message of fromAdvisor) {
    post("event", { name: "chat_message", data: { chat_id: message.chat_id, message } });
  }
  if (viewing()) markRead();
  else if (fromAdvisor.length) chatUnread.value += fromAdvisor.length;
  if (fromAdvisor.length) beep();
}

/** Fetch every message after the last one seen (after a reconnect or a gap). */
async function sync() {
  const current = chat.peek();
  if (!current) return;
  try {
    await protocol.sync(current.id, lastSeq, (answer) => {
      setChat({ ...chat.peek(), ...answer.chat });
      arrived(merge(answer.messages));
    });
  } catch {
    /* the next reconnect tries again */
  }
}

export function resetChat() {
  setChat(null);
  messages.value = [];
  advisorTyping.value = null;
  lastSeq = 0;
  readSent = 0;
}

/** Resume the visitor's open (or just ended) chat; resolve to whether there is one. */
async function resume() {
  const answer = await request("chat:current", { after_seq: 0 });
  if (!answer.chat) return false;
  if (chat.peek()?.id !== answer.chat.id) resetChat();
  setChat(answer.chat);
  merge(answer.messages);
  readSent = Math.max(readSent, answer.chat.visitor_read_seq || 0);
  // What advisors wrote while the page was away and the visitor has not read yet.
  const unseen = messages.peek().filter((item) => item.author?.kind === "advisor" && item.seq > readSent);
  if (unseen.length && !viewing()) chatUnread.value = unseen.length;
  return true;
}

/** Load what the view needs: the current chat, else whether anyone can chat now. */
export async function load() {
  phase.value = "loading";
  loadError.value = null;
  try {
    await ensureSession();
    const free = api("GET", "/chat/availability").catch(() => null);
    if (await resume()) {
      phase.value = "chat";
      return;
    }
    availability.value = (await free) || await request("chat:availability");
    phase.value = "ready";
  } catch (error) {
    loadError.value = error;
    phase.value = "error";
  }
}

function setPending(clientId, change) {
  messages.value = messages.value.map((item) => (
    !item.id && item.client_id === clientId ? { ...item, ...change } : item));
}

/** Send one message until the server confirms it; the same client id makes retries harmless. */
export async function deliver(message) {
  setPending(message.client_id, { pending: "sending", error: null });
  let answer = null;
  try {
    answer = await protocol.send({
      chat_id: message.chat_id, client_id: message.client_id, body: message.body,
      attachments: (message.attachments || []).map((file) => file.id),
    });
  } catch {
    /* no session: as if no acknowledgement came */
  }
  if (answer?.ok) merge([answer.message]);
  // One without the server's reason (no answer came) is sent again after the next reconnect.
  else setPending(message.client_id, { pending: "failed", error: answer?.error?.message || null });
}

export function send(body, attachments) {
  const current = chat.peek();
  const message = {
    client_id: newId(), chat_id: current.id, body, attachments, author: { kind: "visitor" },
    created_at: new Date().toISOString(), pending: "sending",
  };
  messages.value = [...messages.value, message];
  stopTyping();
  return deliver(message);
}

const typing = typingNotifier((value) => {
  const current = chat.peek();
  if (current) quietly("chat:typing", { chat_id: current.id, typing: value });
});
const stopTyping = typing.stop;

/** Tell the advisor the visitor types: at most every few seconds, and "stopped" when idle. */
export function typed() {
  const current = chat.peek();
  if (current && current.status !== "closed") typing.typed();
}

// A "stopped" that never comes (a closed laptop) must not leave the indicator on.
const showAdvisorTyping = typingIndicator((value, name) => { advisorTyping.value = value ? name : null; });

on("chat:message", (data) => {
  const current = chat.peek();
  if (!current || data?.chat_id !== current.id || !data.message) return;
  // A number skipped means something was missed: fetch everything after the last one seen.
  if (data.message.seq > lastSeq + 1) sync();
  else arrived(merge([data.message]));
});

on("chat:status", (data) => {
  const current = chat.peek();
  if (current && data?.chat?.id === current.id) setChat({ ...current, ...data.chat });
});

on("chat:typing", (data) => {
  const current = chat.peek();
  if (!current || data?.chat_id !== current.id || data.author?.kind !== "advisor") return;
  showAdvisorTyping(data.typing, data.author.name || current.advisor?.name || "");
});

on("chat:read", (data) => {
  const current = chat.peek();
  if (!current || data?.chat_id !== current.id || data.by !== "advisor") return;
  if (data.seq > (current.advisor_read_seq || 0)) setChat({ ...current, advisor_read_seq: data.seq });
});

on("presence", (data) => {
  if (availability.peek()) availability.value = { ...availability.peek(), ...data };
});

on("connect", () => {
  // A pick-up whose request went down with a renewed socket tries again on the new one.
  if (!chat.peek()) {
    if (pickUpWanted) pickUp();
    return;
  }
  // Back after a drop: fetch what was missed, and send again what never got its answer.
  sync();
  for (const item of messages.peek()) {
    if (!item.id && item.pending === "failed" && !item.error) deliver(item);
  }
});

// Looking at the chat reads it: the badge clears and the advisor sees "Seen".
effect(() => {
  if (viewing() && chat.value) {
    if (chatUnread.peek()) chatUnread.value = 0;
    markRead();
  }
});

/** Whether this tab remembers an open chat: "yes", "no", or "blocked" (storage denied). */
function rememberedChat() {
  try {
    return sessionStorage.getItem(OPEN_KEY) ? "yes" : "no";
  } catch {
    return "blocked";
  }
}

// A new session (a reload, the host identifying its user) picks up the chat it may have, so
// unread messages count before the view is opened.
onSession((session) => {
  const remembered = rememberedChat();
  const mayHaveOne = chat.peek() || remembered === "yes" || hostKeepsChat() ||
    (remembered === "blocked" && session.user);
  if (mayHaveOne) pickUp();
});

let pickUpWanted = false;

/** Resume the chat the visitor may have; wanted again until an answer comes. */
function pickUp() {
  pickUpWanted = true;
  resume().then((found) => {
    pickUpWanted = false;
    if (found) phase.value = "chat";
    else if (chat.peek()) {
      resetChat();
      if (phase.peek() === "chat") load();
    }
  }).catch(() => null);
}
restored.then(() => {
  if (rememberedChat() === "yes" || hostKeepsChat()) ensureSession().catch(() => null);
});
