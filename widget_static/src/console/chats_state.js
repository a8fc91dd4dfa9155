// The Chats view's state: the live queue and the open conversations, kept by the socket's chat
// events and caught up (chat:queue, chat:sync) after every reconnect.
import { resync } from "../shared/chat_protocol.js";
import { beep, notify } from "./alerts.js";
import { api } from "./api.js";
import { changed, errorText, visitorName } from "./chat_util.js";
import { Conversation } from "./conversation.js";
import { t } from "./i18n.js";
import { me } from "./me.js";
import { ask, socket } from "./socket.js";
import { show } from "./tabs.jsx";

const TICK_MS = 5000;
const CONTEXT_STALE_MS = 60000;
const REPLIES_STALE_MS = 300000;
const REMIND_MS = 60000;

export const queue = new Map(); // chat id -> {chat, preview, alert}
export const convs = new Map(); // chat id -> Conversation
/** What the view shows besides: the visible conversation, a status line, the connection. */
export const view = { active: null, status: "", offline: !socket.connected };
const claiming = new Set(); // chat ids whose claim awaits its ack
const replies = new Map(); // site key -> {at, promise}
let remindedAt = 0;
let baseTitle;

const say = (text) => {
  view.status = text || "";
  changed();
};

function queueChanged() {
  const count = queue.size;
  // The page's title counts waiting chats, visible from any other tab.
  if (baseTitle === undefined) baseTitle = document.title;
  document.title = count ? t("chats.waiting_title", { count, title: baseTitle }) : baseTitle;
  changed();
}

/** Waiting chats, the longest waiting first. */
export const queued = () => Array.from(queue.values())
  .sort((a, b) => new Date(a.chat.created_at) - new Date(b.chat.created_at));

export const isClaiming = (id) => claiming.has(id);

function upsertQueued(chat, preview) {
  const entry = queue.get(chat.id) || { chat, preview: "" };
  entry.chat = chat;
  if (preview) entry.preview = preview;
  queue.set(chat.id, entry);
  queueChanged();
}

function dropQueued(id) {
  const entry = queue.get(id);
  if (entry && entry.alert && entry.alert.dismiss) entry.alert.dismiss();
  if (queue.delete(id)) queueChanged();
}

function focusQueued(id) {
  show("chats");
  const button = document.querySelector(`.hw-chats-queued[data-chat-id="${id}"] .hw-chats-claim`);
  if (button) button.focus();
}

function visible() {
  const root = document.getElementById("view-chats");
  return document.visibilityState === "visible" && Boolean(root) && root.getClientRects().length > 0;
}

/** What is on screen counts as read. */
export function markActiveRead() {
  const conv = convs.get(view.active);
  if (conv && visible()) conv.markRead();
}

async function sync(conv) {
  if (conv.gone) return;
  const ack = await resync(ask, conv.chat.id, conv.lastSeq, (page) => {
    conv.update(page.chat);
    for (const message of page.messages) conv.add(message);
  });
  if (!ack.ok) return;
  changed();
  markActiveRead();
}

/** At mount and after every reconnect: the queue afresh, and every open chat caught up. */
async function refresh() {
  for (const conv of convs.values()) conv.resendPending();
  const ack = await ask("chat:queue", {});
  if (!ack.ok) {
    say(errorText(ack.error));
    return;
  }
  const waiting = new Set();
  for (const chat of ack.queued) {
    waiting.add(chat.id);
    upsertQueued(chat, chat.preview);
  }
  for (const id of Array.from(queue.keys())) if (!waiting.has(id)) dropQueued(id);
  for (const chat of ack.mine) open(chat, [], false);
  for (const conv of convs.values()) sync(conv);
  changed();
}

/** Open a conversation (or bring one up to date); return it. */
export function open(chat, messages, activate) {
  let conv = convs.get(chat.id);
  if (!conv) {
    conv = new Conversation(chat);
    convs.set(chat.id, conv);
    conv.loadContext();
  }
  conv.update(chat);
  for (const message of messages) conv.add(message);
  if (activate || view.active === null) activateChat(chat.id);
  changed();
  return conv;
}

export function activateChat(id) {
  view.active = id;
  const conv = convs.get(id);
  if (conv) {
    conv.scrollWanted = true;
    if (Date.now() - conv.contextAt > CONTEXT_STALE_MS) conv.loadContext();
  }
  markActiveRead();
  changed();
}

/** Put a closed or transferred conversation away. */
export function dismiss(id) {
  const conv = convs.get(id);
  if (!conv) return;
  conv.dispose();
  convs.delete(id);
  if (view.active === id) {
    const next = convs.keys().next();
    view.active = null;
    if (!next.done) activateChat(next.value);
  }
  changed();
}

/** Claim a waiting chat; it opens with everything said so far. */
export async function claim(id) {
  claiming.add(id);
  changed();
  const ack = await ask("chat:claim", { chat_id: id });
  claiming.delete(id);
  if (!ack.ok) {
    const code = ack.error && ack.error.code;
    if (code === "taken" || code === "closed") dropQueued(id);
    say(code === "taken" ? t("chats.taken") : errorText(ack.error));
    return;
  }
  say("");
  dropQueued(id);
  open(ack.chat, ack.messages, true).focusWanted = "composer";
}

function onQueued(data) {
  if (!data || !data.chat) return;
  const id = data.chat.id;
  const fresh = !queue.has(id);
  upsertQueued(data.chat, data.preview);
  if (!fresh) return;
  const body = visitorName(data.chat) + (data.preview ? `: ${data.preview}` : "");
  // The alert stays until someone takes the chat: a waiting visitor must not go unseen.
  queue.get(id).alert = notify(t("chats.new_chat_title"), body, {
    sticky: true, tag: `chat-${id}`, onClick: () => focusQueued(id) });
  remindedAt = Date.now();
}

function onStatus(chat) {
  if (chat.status === "queued") {
    if (!convs.has(chat.id)) upsertQueued(chat, null);
  } else {
    dropQueued(chat.id);
  }
  let conv = convs.get(chat.id);
  const advisor = me.peek();
  const mine = chat.status === "active" && chat.advisor && advisor && chat.advisor.id === advisor.id;
  if (conv) {
    conv.update(chat);
    if (mine) sync(conv);
  } else if (mine && !claiming.has(chat.id)) {
    // Transferred to this advisor, or given by automatic assignment: open it with everything
    // said so far.
    conv = open(chat, [], false);
    sync(conv);
    const title = chat.transfer_count ? "chats.transferred_in_title" : "chats.assigned_title";
    notify(t(title), visitorName(chat), { urgent: false });
  }
  changed();
}

function onMessage(data) {
  if (!data || !data.message) return;
  const entry = queue.get(data.chat_id);
  if (entry && !entry.preview && data.message.author.kind === "visitor") {
    entry.preview = data.message.body.slice(0, 200);
    changed();
  }
  const conv = convs.get(data.chat_id);
  if (!conv) return;
  const fresh = conv.add(data.message);
  if (data.message.seq > conv.lastSeq) sync(conv); // a gap: fetch what was missed
  if (fresh && data.message.author.kind === "visitor") {
    conv.showTyping(false);
    if (view.active === conv.chat.id && visible()) conv.markRead();
    else {
      notify(t("chats.new_message_title", { name: visitorName(conv.chat) }), data.message.body.slice(0, 140),
        { urgent: false });
    }
  }
  changed();
}

function tick() {
  // While someone waits, a reminder sound every minute.
  if (queue.size && Date.now() - remindedAt >= REMIND_MS) {
    remindedAt = Date.now();
    beep(false);
  }
  if (queue.size) changed(); // the waiting times move on
  markActiveRead(); // the view may have just been shown
}

/** The site's saved replies, fetched again after a few minutes. */
export function savedReplies(siteKey) {
  const cached = replies.get(siteKey);
  if (cached && Date.now() - cached.at < REPLIES_STALE_MS) return cached.promise;
  const promise = api("GET", `/api/v1/advisor/sites/${encodeURIComponent(siteKey)}/saved-replies`)
    .then((data) => (data && data.saved_replies) || [], () => {
      replies.delete(siteKey);
      return [];
    });
  replies.set(siteKey, { at: Date.now(), promise });
  return promise;
}

/** Follow the socket's chat events and load the queue. */
export function startChats() {
  socket.on("connect", () => {
    view.offline = false;
    refresh();
  });
  socket.on("disconnect", () => {
    view.offline = true;
    changed();
  });
  socket.on("chat:queued", onQueued);
  socket.on("chat:status", (data) => { if (data && data.chat) onStatus(data.chat); });
  socket.on("chat:message", onMessage);
  socket.on("chat:typing", (data) => {
    const conv = data && convs.get(data.chat_id);
    if (conv && data.author && data.author.kind === "visitor") conv.showTyping(Boolean(data.typing), null);
  });
  socket.on("chat:labels", (data) => {
    // Another advisor labelled a chat this console has open.
    const conv = data && convs.get(data.chat_id);
    if (conv) conv.update({ ...conv.chat, labels: data.labels });
  });
  socket.on("chat:read", (data) => {
    const conv = data && convs.get(data.chat_id);
    if (conv && data.by === "visitor") conv.seenUpTo(data.seq);
  });
  if (socket.connected) refresh();
  view.offline = !socket.connected;
  setInterval(tick, TICK_MS);
  document.addEventListener("visibilitychange", markActiveRead);
}
