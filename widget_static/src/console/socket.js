// The console's live connection to /advisor (the session cookie authenticates it) and the chat
// protocol over it.
import { signal } from "@preact/signals";
import { io } from "socket.io-client";
import { TIMED_OUT, emitAck } from "../shared/chat_protocol.js";
import { t } from "./i18n.js";

/** "connecting" | "online" | "offline". */
export const live = signal("connecting");

export const socket = io("/advisor", { withCredentials: true });
socket.on("connect", () => { live.value = "online"; });
socket.on("disconnect", () => { live.value = "offline"; });
socket.on("connect_error", () => { live.value = "offline"; });

// The page's scripts and browser checks may drive the connection (drop it, bring it back).
window.HWConsole = { socket };

/** Emit `event` and resolve to its acknowledgement; none in time is a failure that says so. */
export async function ask(event, data = {}) {
  const ack = await emitAck(socket, event, data);
  return ack === TIMED_OUT ? { ok: false, error: { code: "timeout", message: t("chats.no_answer") } } : ack;
}
