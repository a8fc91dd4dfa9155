// One Socket.IO connection to /visitor, opened on first use and renewed when the session changes.
import { io } from "socket.io-client";
import { getToken } from "./api.js";
import { ensureSession, onSession } from "./session.js";
import { locale, siteKey } from "./state.js";

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

/** Emit `event` and resolve to its acknowledgement's payload; reject with {code, message} when not ok. */
export async function request(event, data = {}, timeout = 10000) {
  const current = await getSocket();
  const reply = await current.timeout(timeout).emitWithAck(event, data);
  if (!reply || !reply.ok) {
    const error = new Error(reply?.error?.message || event);
    Object.assign(error, reply?.error || {});
    throw error;
  }
  return reply;
}
