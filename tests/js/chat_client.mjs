// A visitor's chat over the real socket.io-client, as the widget speaks it, with forced drops.
//
// Usage: node chat_client.mjs '{"url": "http://127.0.0.1:PORT", "site": "acme", "token": "...",
//                               "messages": 30, "dropEvery": 5, "timeoutMs": 60000}'
// Starts a chat, waits for an advisor to claim it, sends `messages` messages (each retried with
// the same client_id until acknowledged), closing the transport right after every
// `dropEvery`-th send so its ack is lost; after each reconnection it resumes with chat:sync from
// the last message seen. It waits for one advisor reply per message, then prints a JSON summary
// on stdout and exits (1 on a failure).
import { io } from "socket.io-client";

const options = JSON.parse(process.argv[2] || "{}");
const total = options.messages ?? 30;
const dropEvery = options.dropEvery ?? 5;
const deadline = Date.now() + (options.timeoutMs ?? 60000);

const socket = io(`${options.url}/visitor`, {
  auth: { site: options.site, token: options.token },
  transports: ["websocket"],
  reconnectionDelay: 100,
  reconnectionDelayMax: 500,
});

const seen = new Map(); // seq -> message, from acks, live events and syncs
const liveSeqs = []; // seqs in the order live events brought them
const summary = { sent: total, resends: 0, drops: 0, reconnects: 0, syncs: 0, synced: 0 };
let chatId = null;
let claimed = null;
const claimedPromise = new Promise((resolve) => { claimed = resolve; });

function remember(messages) {
  for (const message of messages) seen.set(message.seq, message);
}

function lastSeq() {
  let seq = 0;
  while (seen.has(seq + 1)) seq += 1;
  return seq;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function call(event, payload, timeoutMs = 3000) {
  const reply = await socket.timeout(timeoutMs).emitWithAck(event, payload);
  if (!reply.ok) throw new Error(`${event} failed: ${JSON.stringify(reply.error)}`);
  return reply;
}

async function sync() {
  const reply = await call("chat:sync", { chat_id: chatId, after_seq: lastSeq() });
  summary.syncs += 1;
  summary.synced += reply.messages.length;
  remember(reply.messages);
}

socket.on("chat:message", ({ chat_id: id, message }) => {
  if (id !== chatId) return;
  liveSeqs.push(message.seq);
  remember([message]);
});
socket.on("chat:status", ({ chat }) => {
  if (chat.id === chatId && chat.status === "active") claimed();
});
socket.io.on("reconnect", () => {
  summary.reconnects += 1;
  // Resume where the widget left off: whatever arrived while it was away comes back in order.
  if (chatId !== null) sync().catch(() => {});
});

async function connected() {
  while (!socket.connected) {
    if (Date.now() > deadline) throw new Error("could not connect");
    await sleep(20);
  }
}

async function send(n, drop) {
  const payload = { chat_id: chatId, client_id: `js-${n}`, body: `m${n}` };
  for (;;) {
    if (Date.now() > deadline) throw new Error(`no ack for message ${n}`);
    try {
      await connected();
      const pending = call("chat:send", payload);
      if (drop) {
        // The network drops right after the send: its ack never comes, the client reconnects
        // by itself, and the message may or may not have been stored.
        drop = false;
        summary.drops += 1;
        socket.io.engine.close();
      }
      const reply = await pending;
      remember([reply.message]);
      return;
    } catch (error) {
      if (String(error.message).includes("failed:")) throw error;
      summary.resends += 1; // no ack (the connection dropped): send again under the same id
    }
  }
}

async function main() {
  await connected();
  const started = await call("chat:start", { topic: "", page_route: "/invoices" });
  chatId = started.chat.id;
  remember(started.messages);
  if (started.chat.status !== "active") await claimedPromise;
  for (let n = 1; n <= total; n += 1) await send(n, n % dropEvery === 0);
  const replies = () => [...seen.values()].filter((m) => m.author.kind === "advisor").length;
  while (replies() < total && Date.now() < deadline) {
    await sleep(50);
    if (seen.size < Math.max(0, ...seen.keys())) await sync().catch(() => {});
  }
  await connected();
  const stored = (await call("chat:sync", { chat_id: chatId, after_seq: 0 })).messages;
  const ids = stored.filter((m) => m.author.kind === "visitor").map((m) => m.client_id);
  const expected = Array.from({ length: total }, (_, i) => `js-${i + 1}`);
  const view = [...seen.keys()].sort((a, b) => a - b).map((seq) => seen.get(seq).id);
  Object.assign(summary, {
    chat_id: chatId,
    stored: stored.length,
    replies: stored.filter((m) => m.author.kind === "advisor").length,
    lost: expected.filter((id) => !ids.includes(id)),
    duplicated: ids.filter((id, i) => ids.indexOf(id) !== i),
    in_order: JSON.stringify(ids) === JSON.stringify(expected),
    seqs_contiguous: stored.every((m, i) => m.seq === i + 1),
    client_matches_server: JSON.stringify(view) === JSON.stringify(stored.map((m) => m.id)),
    live_duplicates: liveSeqs.filter((seq, i) => liveSeqs.indexOf(seq) !== i),
  });
}

main()
  .then(() => {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    socket.close();
    process.exit(0);
  })
  .catch((error) => {
    process.stdout.write(`${JSON.stringify({ ...summary, error: String(error) })}\n`);
    socket.close();
    process.exit(1);
  });
