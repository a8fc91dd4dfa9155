// The chat protocol the console and the panel both speak over Socket.IO: acknowledged emits with
// one timeout, messages sent until acknowledged under one client id, a resync after a reconnect,
// and "typing" started and stopped with an idle timer. One timing for both sides.

export const ACK_TIMEOUT_MS = 10000; // an acknowledgement not back by then counts as lost
export const RETRY_MS = 3000; // pause before a message is sent again
export const SEND_TRIES = 3; // tries before a message shows as not sent
export const TYPING_EVERY_MS = 2000; // at most one "typing" event per this period
export const TYPING_IDLE_MS = 3000; // after this without a keystroke, "stopped typing"
export const TYPING_SHOWN_MS = 6000; // the other side's indicator goes if no update comes

// Failures that may pass when the same thing is tried again.
const TRANSIENT = new Set(["timeout", "rate_limited", "server_error"]);

/** The failure an acknowledgement that never came stands for. */
export const TIMED_OUT = Object.freeze({ ok: false, error: Object.freeze({ code: "timeout" }) });

/** Whether a failed acknowledgement's error may pass on another try. */
export function transient(error) {
  return !error || TRANSIENT.has(error.code);
}

/** Emit `event` and resolve to its acknowledgement; none in time resolves to TIMED_OUT. */
export function emitAck(socket, event, data = {}, timeout = ACK_TIMEOUT_MS) {
  return new Promise((resolve) => {
    socket.timeout(timeout).emit(event, data, (err, ack) => resolve(!err && ack ? ack : TIMED_OUT));
  });
}

/** A random id for a message, so that sending it again never stores it twice. */
export function clientId() {
  if (window.crypto?.randomUUID) return window.crypto.randomUUID();
  // Pages served over plain http off loopback have no randomUUID; random bytes still are.
  return Array.from(window.crypto.getRandomValues(new Uint8Array(16)),
    (b) => b.toString(16).padStart(2, "0")).join("");
}

const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/**
 * Send a chat message ({chat_id, client_id, body, attachments}) until it is acknowledged,
 * retrying transient failures; resolve to the last acknowledgement. `wanted()` turning false
 * (the message dropped, the chat gone) stops the retries.
 */
export async function sendMessage(ask, payload, { tries = SEND_TRIES, wanted = () => true } = {}) {
  for (let attempt = 1; ; attempt += 1) {
    const ack = await ask("chat:send", payload);
    if (ack.ok || !transient(ack.error) || attempt >= tries) return ack;
    await pause(RETRY_MS);
    if (!wanted()) return ack;
  }
}

/**
 * Catch a chat up on every message after `afterSeq` (after a reconnect or a gap), a page at a
 * time: `take(ack)` gets each page. Resolve to the last acknowledgement.
 */
export async function resync(ask, chatId, afterSeq, take) {
  let after = afterSeq;
  for (;;) {
    const ack = await ask("chat:sync", { chat_id: chatId, after_seq: after });
    if (!ack.ok) return ack;
    take(ack);
    const last = ack.messages.reduce((top, message) => Math.max(top, message.seq), after);
    if (last <= after || last >= (ack.chat?.last_seq ?? last)) return ack;
    after = last;
  }
}

/**
 * Tell the other side someone types: `typed(hasText)` on every input (one event per
 * TYPING_EVERY_MS at most), `stop()` on sending or closing; TYPING_IDLE_MS without a keystroke
 * stops by itself. `emit(typing)` sends the event.
 */
export function typingNotifier(emit) {
  let sentAt = 0;
  let idle = null;
  const stop = () => {
    clearTimeout(idle);
    if (!sentAt) return;
    sentAt = 0;
    emit(false);
  };
  const typed = (hasText = true) => {
    const now = Date.now();
    if (hasText && now - sentAt > TYPING_EVERY_MS) {
      sentAt = now;
      emit(true);
    }
    clearTimeout(idle);
    idle = setTimeout(stop, TYPING_IDLE_MS);
  };
  return { typed, stop };
}

/**
 * The other side's "is typing" indicator: `show(typing, who)` calls `set`, and a "stopped"
 * that never comes (a closed laptop) is made up after TYPING_SHOWN_MS.
 */
export function typingIndicator(set) {
  let timer = null;
  return (typing, who) => {
    clearTimeout(timer);
    set(typing, who);
    if (typing) timer = setTimeout(() => set(false, who), TYPING_SHOWN_MS);
  };
}

/** The protocol over a socket `getSocket()` returns (or resolves to). */
export function chatProtocol(getSocket) {
  const ask = async (event, data, timeout) => emitAck(await getSocket(), event, data, timeout);
  return {
    ask,
    send: (payload, options) => sendMessage(ask, payload, options),
    sync: (chatId, afterSeq, take) => resync(ask, chatId, afterSeq, take),
  };
}
