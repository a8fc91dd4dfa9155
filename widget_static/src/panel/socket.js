// One Socket.IO connection to /visitor, opened on first use and renewed when the session changes.
import { ACK_TIMEOUT_MS, TIMED_OUT, chatProtocol } from "../shared/chat_protocol.js";
import { getToken } from "./api.js";
import { ensureSession, onSession } from "./session.js";
import { locale, siteKey } from "./state.js";

// socket.io-client is most of the panel script: it loads with the first live need (a chat, open
// requests), not with the panel.
let io = null;
let socket = null;
const handlers = new Map(); // event -> Set of handlers, re-attached to a renewed socket

function connect() {
  socket = io("/visitor", {
    auth: (send) => send({ site: siteKey, token: getToken(), locale: locale.value }),
    transports: ["websocket", "polling"],
  });
  for (const [event, set] of handlers) for (const handler of set) socket.on(event, handler);
  return socket;
}

onSession(() => {
  if (socket) {
    socket.disconnect();
    connect();
  }
});

/** Resolve to the connected-or-connecting socket (after the session is open). */
export async function getSocket() {
  await ensureSession();
  if (!io) ({ io } = await import("socket.io-client"));
  return socket || connect();
}

/** Listen to a server event on the current and any later socket; returns the unsubscribe function. */
export function on(event, handler) {
  if (!handlers.has(event)) handlers.set(event, new Set());
  handlers.get(event).add(handler);
  if (socket) socket.on(event, handler);
  return () => {
    handlers.get(event).delete(handler);
    if (socket) socket.off(event, handler);
  };
}

/** The chat protocol (acknowledgements, retried sends, resync, typing) over this socket. */
export const protocol = chatProtocol(getSocket);

/** Emit `event` and resolve to its acknowledgement's payload; reject with {code, message} when not ok. */
export async function request(event, data = {}, timeout = ACK_TIMEOUT_MS) {
  const reply = await protocol.ask(event, data, timeout);
  if (!reply.ok) {
    // A lost acknowledgement has no code and no message: it is said as "offline".
    if (reply === TIMED_OUT) throw new Error("");
    const error = new Error(reply.error?.message || event);
    Object.assign(error, reply.error || {});
    throw error;
  }
  return reply;
}
