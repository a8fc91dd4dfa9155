// One open conversation: its messages by seq, messages still on their way, read receipts, the
// visitor's typing, and the actions on it (send, transfer, close, context).
import { clientId, sendMessage, transient, typingIndicator, typingNotifier } from "../shared/chat_protocol.js";
import { changed, errorText } from "./chat_util.js";
import { me } from "./me.js";
import { ask, socket } from "./socket.js";

export class Conversation {
  constructor(chat) {
    this.chat = chat;
    this.messages = new Map(); // seq -> message
    this.pending = new Map(); // client_id -> {client_id, body, attachments, state, error}
    this.lastSeq = 0; // every message up to this one is here
    this.readSent = chat.advisor_read_seq || 0;
    this.visitorRead = chat.visitor_read_seq || 0;
    this.contextAt = 0;
    this.context = null; // the chat:context answer
    this.visitorTyping = false;
    this.error = "";
    this.transfer = null; // null (closed), {advisors: null} while loading, then {advisors}
    this.logEl = null;
    this.scrollWanted = false;
    this.focusWanted = null; // "composer" | "transfer": focused once rendered
    this.showTyping = typingIndicator((typing) => {
      this.visitorTyping = typing;
      changed();
    });
    this.typing = typingNotifier((typing) => {
      if (typing || this.mine()) ask("chat:typing", { chat_id: this.chat.id, typing });
    });
  }

  mine() {
    const advisor = me.peek();
    return this.chat.status === "active" && Boolean(this.chat.advisor) && Boolean(advisor) &&
      this.chat.advisor.id === advisor.id;
  }

  update(chat) {
    this.chat = chat;
    this.visitorRead = Math.max(this.visitorRead, chat.visitor_read_seq || 0);
    this.readSent = Math.max(this.readSent, chat.advisor_read_seq || 0);
    if (!this.mine()) {
      this.transfer = null;
      this.showTyping(false);
    }
    changed();
  }

  /** Keep a stored message once (by seq); return whether it was new. */
  add(message) {
    if (this.messages.has(message.seq)) return false;
    if (this.nearEnd()) this.scrollWanted = true;
    this.messages.set(message.seq, message);
    while (this.messages.has(this.lastSeq + 1)) this.lastSeq += 1;
    if (message.author.kind === "advisor" && this.pending.has(message.client_id)) {
      this.pending.delete(message.client_id);
    }
    changed();
    return true;
  }

  /** Stored messages in seq order. */
  sorted() {
    return Array.from(this.messages.values()).sort((a, b) => a.seq - b.seq);
  }

  seenUpTo(seq) {
    if (seq > this.visitorRead) {
      this.visitorRead = seq;
      changed();
    }
  }

  unread() {
    let count = 0;
    for (const [seq, message] of this.messages) {
      if (seq > this.readSent && message.author.kind === "visitor") count += 1;
    }
    return count;
  }

  markRead() {
    if (this.lastSeq <= this.readSent || !this.mine()) return;
    this.readSent = this.lastSeq;
    ask("chat:read", { chat_id: this.chat.id, seq: this.lastSeq });
    changed();
  }

  nearEnd() {
    const log = this.logEl;
    return !log || log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }

  /** Send `body` with `files` (uploaded: {id, filename, size}); return whether it went out. */
  send(body, files = []) {
    if ((!body && !files.length) || !this.mine()) return false;
    const pending = { client_id: clientId(), body, attachments: files.slice(), state: "sending" };
    this.pending.set(pending.client_id, pending);
    this.scrollWanted = true;
    this.error = "";
    this.transmit(pending);
    return true;
  }

  /** Send (or send again, under the same client_id) until the server acknowledges it. */
  async transmit(pending) {
    const attempt = {};
    pending.attempt = attempt;
    pending.state = "sending";
    changed();
    if (!socket.connected) return; // sent again on reconnect
    const here = () => this.pending.has(pending.client_id) && !this.gone;
    const ack = await sendMessage(ask, {
      chat_id: this.chat.id, client_id: pending.client_id, body: pending.body,
      attachments: pending.attachments.map((f) => f.id),
    }, { wanted: () => here() && pending.attempt === attempt });
    if (!here()) return;
    if (ack.ok) this.add(ack.message);
    else if (pending.attempt === attempt) {
      pending.state = "failed";
      pending.error = ack.error;
      changed();
    }
  }

  /** After a reconnect: send again what has no answer yet. */
  resendPending() {
    for (const pending of this.pending.values()) {
      if (pending.state === "sending" || (pending.state === "failed" && transient(pending.error))) {
        this.transmit(pending);
      }
    }
  }

  loadContext() {
    this.contextAt = Date.now();
    ask("chat:context", { chat_id: this.chat.id }).then((ack) => {
      if (!ack.ok) {
        this.contextAt = 0;
        return;
      }
      this.context = ack;
      changed();
    });
  }

  async openTransfer() {
    this.transfer = { advisors: null };
    changed();
    const ack = await ask("chat:team", { chat_id: this.chat.id });
    if (!ack.ok) {
      this.error = errorText(ack.error);
      this.transfer = null;
    } else {
      const advisor = me.peek();
      this.transfer = { advisors: ack.advisors.filter((a) => !advisor || a.id !== advisor.id) };
      this.focusWanted = "transfer";
    }
    changed();
  }

  closeTransfer() {
    this.transfer = null;
    changed();
  }

  async transferTo(advisorId) {
    if (!advisorId) return;
    const ack = await ask("chat:transfer", { chat_id: this.chat.id, advisor_id: advisorId });
    if (!ack.ok) {
      this.error = errorText(ack.error);
      changed();
      return;
    }
    this.transfer = null;
    this.update(ack.chat);
  }

  async close() {
    this.typing.stop();
    const ack = await ask("chat:close", { chat_id: this.chat.id });
    if (!ack.ok) {
      this.error = errorText(ack.error);
      changed();
      return;
    }
    this.update(ack.chat);
  }

  setError(text) {
    this.error = text;
    changed();
  }

  dispose() {
    this.gone = true;
    this.typing.stop();
    this.showTyping(false);
  }
}
