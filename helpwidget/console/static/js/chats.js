/* The console's Chats view: the live queue, several conversations at once, each with the
   visitor's context, saved replies, transfer and close. Everything people wrote is shown with
   textContent only. */
(function () {
  "use strict";

  var C = window.HWConsole;
  var TYPING_HIDE_MS = 5000;   // the visitor's indicator goes if no update comes for this long
  var TYPING_SEND_MS = 2000;   // at most one "typing" event per this period
  var TYPING_IDLE_MS = 3000;   // after this without a keystroke, tell the visitor we stopped
  var ACK_TIMEOUT_MS = 10000;
  var RETRY_MS = 3000;
  var TICK_MS = 5000;
  var CONTEXT_STALE_MS = 60000;
  var REPLIES_STALE_MS = 300000;
  var MAX_SUGGESTIONS = 8;
  var STYLESHEET = document.currentScript &&
    document.currentScript.src.replace(/js\/chats\.js(\?.*)?$/, "css/chats.css");

  function t(key, vars) { return C.t(key, vars); }

  /* ---------- small helpers ---------- */

  var h = C.el;
  var clear = C.clear;

  // Add children (nodes, text, lists of them) to an existing node; text stays text.
  function append(node, children) {
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      if (Array.isArray(child)) { append(node, child); return; }
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    });
  }

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // Pages served over plain http off loopback have no randomUUID; random bytes still are.
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function language() { return C.locale || undefined; }

  function clock(iso) {
    if (!iso) return "";
    var date = new Date(iso);
    var sameDay = date.toDateString() === new Date().toDateString();
    var options = sameDay ? { hour: "2-digit", minute: "2-digit" }
      : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
    return new Intl.DateTimeFormat(language(), options).format(date);
  }

  function waited(iso) {
    var seconds = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 1000));
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor(seconds / 60) % 60;
    var rest = String(seconds % 60).padStart(2, "0");
    return hours ? hours + ":" + String(minutes).padStart(2, "0") + ":" + rest
      : minutes + ":" + rest;
  }

  function bytes(size) {
    if (!size && size !== 0) return "";
    if (size < 1024) return size + " B";
    if (size < 1024 * 1024) return Math.round(size / 1024) + " KB";
    return (size / 1024 / 1024).toFixed(1) + " MB";
  }

  // POST a file as multipart (C.api sends JSON) with the console's CSRF token.
  function upload(form) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return fetch("/api/v1/advisor/uploads", {
      method: "POST", body: form, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-HelpWidget-Locale": C.locale || "",
                 "X-CSRFToken": meta ? meta.getAttribute("content") : "" }
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.ok && data) return data;
        throw new Error((data && data.error) || t("error.generic"));
      });
    }, function () { throw new Error(t("error.network")); });
  }

  function visitorName(chat) {
    return (chat.visitor && chat.visitor.name) || t("chats.anonymous");
  }

  function siteName(key) {
    var sites = (C.me && C.me.sites) || [];
    var found = sites.filter(function (s) { return s.key === key; })[0];
    return found ? found.name : key;
  }

  function manySites() { return ((C.me && C.me.sites) || []).length > 1; }

  function errorText(error) {
    return (error && error.message) || t("chats.failed");
  }

  /* ---------- the view ---------- */

  function ChatsView(root) {
    this.root = root;
    this.socket = C.socket;
    this.queue = new Map();     // chat id -> {chat, preview, dom}
    this.convs = new Map();     // chat id -> conversation
    this.active = null;         // chat id of the visible conversation
    this.replies = new Map();   // site key -> {at, promise}
    this.claiming = new Set();  // chat ids whose claim awaits its ack
    this.loadedOnce = false;
  }

  ChatsView.prototype.mount = function () {
    var view = this;
    if (STYLESHEET && !document.querySelector("link[data-hw-chats]")) {
      document.head.appendChild(h("link", { rel: "stylesheet", href: STYLESHEET,
                                            "data-hw-chats": true }));
    }
    this.status = h("p", { class: "hw-chats-status", role: "status", "aria-live": "polite" });
    this.queueList = h("ul", { class: "hw-chats-queue-list" });
    this.queueCount = h("span", { class: "hw-chats-count" }, "0");
    this.queueEmpty = h("p", { class: "hw-chats-empty" }, t("chats.queue_empty"));
    this.tabList = h("ul", { class: "hw-chats-tabs" });
    this.tabsEmpty = h("p", { class: "hw-chats-empty" }, t("chats.mine_empty"));
    this.offline = h("p", { class: "hw-chats-offline", role: "status", hidden: true },
                     t("chats.disconnected"));
    this.panes = h("div", { class: "hw-chats-panes" },
                   h("p", { class: "hw-chats-placeholder" }, t("chats.select_chat")));
    clear(this.root);
    this.root.appendChild(h("div", { class: "hw-chats" },
      h("aside", { class: "hw-chats-side", "aria-label": t("chats.queue_title") },
        h("h2", {}, t("chats.queue_title"), " ", this.queueCount),
        this.queueEmpty, this.queueList,
        h("h2", {}, t("chats.mine_title")),
        this.tabsEmpty, this.tabList, this.status, this.offline),
      this.panes));
    this.bindSocket();
    if (this.socket.connected) this.refresh();
    this.offline.hidden = this.socket.connected;
    setInterval(function () { view.tick(); }, TICK_MS);
    document.addEventListener("visibilitychange", function () { view.markActiveRead(); });
  };

  ChatsView.prototype.bindSocket = function () {
    var view = this;
    var socket = this.socket;
    socket.on("connect", function () {
      view.offline.hidden = true;
      view.refresh();
    });
    socket.on("disconnect", function () { view.offline.hidden = false; });
    socket.on("chat:queued", function (data) { view.onQueued(data); });
    socket.on("chat:status", function (data) { if (data && data.chat) view.onStatus(data.chat); });
    socket.on("chat:message", function (data) { view.onMessage(data); });
    socket.on("chat:typing", function (data) { view.onTyping(data); });
    socket.on("chat:read", function (data) { view.onRead(data); });
  };

  // Emit an event and call back with the ack, or with a failed ack when none comes in time.
  ChatsView.prototype.emit = function (event, payload, callback) {
    this.socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, function (err, ack) {
      if (callback) {
        callback(err || !ack ? { ok: false, error: { code: "timeout",
                                                     message: t("chats.no_answer") } } : ack);
      }
    });
  };

  ChatsView.prototype.say = function (text) { this.status.textContent = text || ""; };

  // At mount and after every reconnect: the queue afresh, and every open chat caught up.
  ChatsView.prototype.refresh = function () {
    var view = this;
    this.emit("chat:queue", {}, function (ack) {
      if (!ack.ok) { view.say(errorText(ack.error)); return; }
      var waiting = new Set();
      ack.queued.forEach(function (chat) {
        waiting.add(chat.id);
        view.upsertQueued(chat, chat.preview, false);
      });
      Array.from(view.queue.keys()).forEach(function (id) {
        if (!waiting.has(id)) view.dropQueued(id);
      });
      ack.mine.forEach(function (chat) { view.open(chat, [], false); });
      view.convs.forEach(function (conv) { view.sync(conv); });
      view.loadedOnce = true;
      view.renderTabs();
    });
    this.convs.forEach(function (conv) { conv.resendPending(); });
  };

  ChatsView.prototype.sync = function (conv) {
    var view = this;
    if (conv.gone) return;
    this.emit("chat:sync", { chat_id: conv.chat.id, after_seq: conv.lastSeq }, function (ack) {
      if (!ack.ok) return;
      conv.update(ack.chat);
      ack.messages.forEach(function (m) { conv.add(m); });
      // Long chats come a page at a time.
      if (ack.messages.length && conv.lastSeq < ack.chat.last_seq) view.sync(conv);
      view.renderTabs();
      view.markActiveRead();
    });
  };

  /* ----- queue ----- */

  ChatsView.prototype.onQueued = function (data) {
    if (!data || !data.chat) return;
    var fresh = !this.queue.has(data.chat.id);
    this.upsertQueued(data.chat, data.preview, true);
    if (fresh) {
      var body = visitorName(data.chat) + (data.preview ? ": " + data.preview : "");
      C.notify(t("chats.new_chat_title"), body, { urgent: false });
    }
  };

  ChatsView.prototype.upsertQueued = function (chat, preview, render) {
    var entry = this.queue.get(chat.id) || { chat: chat, preview: "" };
    entry.chat = chat;
    if (preview) entry.preview = preview;
    this.queue.set(chat.id, entry);
    this.renderQueue();
  };

  ChatsView.prototype.dropQueued = function (id) {
    if (this.queue.delete(id)) this.renderQueue();
  };

  ChatsView.prototype.renderQueue = function () {
    var view = this;
    var entries = Array.from(this.queue.values()).sort(function (a, b) {
      return new Date(a.chat.created_at) - new Date(b.chat.created_at);
    });
    clear(this.queueList);
    entries.forEach(function (entry) { view.queueList.appendChild(view.queueItem(entry)); });
    this.queueCount.textContent = String(entries.length);
    this.queueEmpty.hidden = entries.length > 0;
  };

  ChatsView.prototype.queueItem = function (entry) {
    var view = this;
    var chat = entry.chat;
    entry.timer = h("span", { class: "hw-chats-waited" },
                    t("chats.waiting_for", { time: waited(chat.created_at) }));
    var claim = h("button", { type: "button", class: "hw-chats-claim",
                              "aria-label": t("chats.claim_named", { name: visitorName(chat) }),
                              onclick: function () { view.claim(chat.id, claim); } },
                  t("chats.claim"));
    return h("li", { class: "hw-chats-queued", "data-chat-id": chat.id },
      h("div", { class: "hw-chats-queued-head" },
        h("strong", {}, visitorName(chat)), " ", entry.timer),
      h("div", { class: "hw-chats-meta" },
        manySites() ? h("span", {}, siteName(chat.site)) : null,
        chat.topic ? h("span", {}, chat.topic) : null,
        chat.page_route ? h("code", {}, chat.page_route) : null),
      entry.preview ? h("p", { class: "hw-chats-preview" }, entry.preview) : null,
      claim);
  };

  ChatsView.prototype.claim = function (id, button) {
    var view = this;
    button.disabled = true;
    this.claiming.add(id);
    this.emit("chat:claim", { chat_id: id }, function (ack) {
      button.disabled = false;
      view.claiming.delete(id);
      if (!ack.ok) {
        if (ack.error && (ack.error.code === "taken" || ack.error.code === "closed")) {
          view.dropQueued(id);
        }
        view.say(ack.error && ack.error.code === "taken" ? t("chats.taken")
          : errorText(ack.error));
        return;
      }
      view.say("");
      view.dropQueued(id);
      var conv = view.open(ack.chat, ack.messages, true);
      conv.composer.focus();
    });
  };

  /* ----- open conversations ----- */

  ChatsView.prototype.open = function (chat, messages, activate) {
    var conv = this.convs.get(chat.id);
    if (!conv) {
      conv = new Conversation(this, chat);
      this.convs.set(chat.id, conv);
      this.panes.appendChild(conv.pane);
      conv.loadContext();
    }
    conv.update(chat);
    messages.forEach(function (m) { conv.add(m); });
    if (activate || this.active === null) this.activate(chat.id);
    this.renderTabs();
    return conv;
  };

  ChatsView.prototype.activate = function (id) {
    this.active = id;
    this.convs.forEach(function (conv, key) { conv.pane.hidden = key !== id; });
    var placeholder = this.panes.querySelector(".hw-chats-placeholder");
    if (placeholder) placeholder.hidden = this.convs.size > 0;
    var conv = this.convs.get(id);
    if (conv) {
      conv.scrollToEnd();
      if (Date.now() - conv.contextAt > CONTEXT_STALE_MS) conv.loadContext();
    }
    this.markActiveRead();
    this.renderTabs();
  };

  ChatsView.prototype.dismiss = function (id) {
    var conv = this.convs.get(id);
    if (!conv) return;
    conv.dispose();
    this.convs.delete(id);
    if (this.active === id) {
      var next = this.convs.keys().next();
      this.active = null;
      if (!next.done) this.activate(next.value);
    }
    var placeholder = this.panes.querySelector(".hw-chats-placeholder");
    if (placeholder) placeholder.hidden = this.convs.size > 0;
    this.renderTabs();
  };

  ChatsView.prototype.renderTabs = function () {
    var view = this;
    clear(this.tabList);
    this.convs.forEach(function (conv, id) {
      var unread = conv.unread();
      var current = id === view.active;
      view.tabList.appendChild(h("li", {},
        h("button", { type: "button", class: "hw-chats-tab" + (current ? " is-active" : ""),
                      "aria-current": current ? "true" : null, "data-chat-id": id,
                      onclick: function () { view.activate(id); } },
          h("span", { class: "hw-chats-tab-name" }, visitorName(conv.chat)),
          h("span", { class: "hw-chats-tab-state" }, conv.stateLabel()),
          unread ? h("span", { class: "hw-chats-unread",
                               "aria-label": t("chats.unread", { count: unread }) },
                     String(unread)) : null)));
    });
    this.tabsEmpty.hidden = this.convs.size > 0;
  };

  ChatsView.prototype.visible = function () {
    return document.visibilityState === "visible" && this.root.getClientRects().length > 0;
  };

  ChatsView.prototype.markActiveRead = function () {
    var conv = this.convs.get(this.active);
    if (conv && this.visible()) conv.markRead();
  };

  ChatsView.prototype.tick = function () {
    this.queue.forEach(function (entry) {
      if (entry.timer) {
        entry.timer.textContent = t("chats.waiting_for", { time: waited(entry.chat.created_at) });
      }
    });
    // The shell may have just shown this view: what is on screen now counts as read.
    this.markActiveRead();
  };

  /* ----- events of chats ----- */

  ChatsView.prototype.onStatus = function (chat) {
    if (chat.status === "queued") {
      if (!this.convs.has(chat.id)) this.upsertQueued(chat, null, true);
    } else {
      this.dropQueued(chat.id);
    }
    var conv = this.convs.get(chat.id);
    var mine = chat.status === "active" && chat.advisor && C.me && chat.advisor.id === C.me.id;
    if (conv) {
      conv.update(chat);
      if (mine) this.sync(conv);
    } else if (mine && !this.claiming.has(chat.id)) {
      // Transferred to this advisor: open it with everything said so far.
      conv = this.open(chat, [], false);
      this.sync(conv);
      C.notify(t("chats.transferred_in_title"), visitorName(chat), { urgent: false });
    }
    this.renderTabs();
  };

  ChatsView.prototype.onMessage = function (data) {
    if (!data || !data.message) return;
    var entry = this.queue.get(data.chat_id);
    if (entry && !entry.preview && data.message.author.kind === "visitor") {
      entry.preview = data.message.body.slice(0, 200);
      this.renderQueue();
    }
    var conv = this.convs.get(data.chat_id);
    if (!conv) return;
    var fresh = conv.add(data.message);
    if (data.message.seq > conv.lastSeq) this.sync(conv);  // a gap: fetch what was missed
    if (fresh && data.message.author.kind === "visitor") {
      conv.showTyping(false);
      var seen = this.active === conv.chat.id && this.visible();
      if (seen) conv.markRead();
      else {
        C.notify(t("chats.new_message_title", { name: visitorName(conv.chat) }),
                 data.message.body.slice(0, 140), { urgent: false });
      }
    }
    this.renderTabs();
  };

  ChatsView.prototype.onTyping = function (data) {
    var conv = data && this.convs.get(data.chat_id);
    if (conv && data.author && data.author.kind === "visitor") conv.showTyping(!!data.typing);
  };

  ChatsView.prototype.onRead = function (data) {
    var conv = data && this.convs.get(data.chat_id);
    if (conv && data.by === "visitor") conv.seenUpTo(data.seq);
  };

  /* ----- saved replies ----- */

  ChatsView.prototype.savedReplies = function (siteKey) {
    var cached = this.replies.get(siteKey);
    if (cached && Date.now() - cached.at < REPLIES_STALE_MS) return cached.promise;
    var view = this;
    var promise = C.api("GET", "/api/v1/advisor/sites/" + encodeURIComponent(siteKey) +
                        "/saved-replies").then(function (data) {
      return (data && data.saved_replies) || [];
    }, function () {
      view.replies.delete(siteKey);
      return [];
    });
    this.replies.set(siteKey, { at: Date.now(), promise: promise });
    return promise;
  };

  /* ---------- one conversation ---------- */

  function Conversation(view, chat) {
    this.view = view;
    this.chat = chat;
    this.messages = new Map();   // seq -> message
    this.items = new Map();      // seq -> <li>
    this.pending = new Map();    // client_id -> {client_id, body, attachments, state, error, li}
    this.files = [];             // uploaded, not yet sent: {id, filename, size}
    this.lastSeq = 0;            // every message up to this one is here
    this.readSent = chat.advisor_read_seq || 0;
    this.visitorRead = chat.visitor_read_seq || 0;
    this.contextAt = 0;
    this.suggest = null;         // {start, end, items, index}
    this.typingSentAt = 0;
    this.build();
  }

  Conversation.prototype.build = function () {
    var conv = this;
    var id = "hw-chat-" + this.chat.id;
    this.title = h("h2", { class: "hw-chat-title", id: id + "-title" });
    this.meta = h("p", { class: "hw-chats-meta" });
    this.transferButton = h("button", { type: "button", class: "secondary",
                                        onclick: function () { conv.openTransfer(); } },
                            t("chats.transfer"));
    this.closeButton = h("button", { type: "button", class: "secondary danger",
                                     onclick: function () { conv.close(); } }, t("chats.close"));
    this.dismissButton = h("button", { type: "button", class: "secondary", hidden: true,
                                       onclick: function () { conv.view.dismiss(conv.chat.id); } },
                           t("chats.dismiss"));
    this.transferForm = h("form", { class: "hw-chat-transfer", hidden: true,
                                    onsubmit: function (e) { e.preventDefault(); conv.transfer(); } });
    this.log = h("ol", { class: "hw-chat-log", role: "log", "aria-live": "polite",
                         "aria-labelledby": id + "-title" });
    this.typing = h("p", { class: "hw-chat-typing", hidden: true });
    this.ended = h("div", { class: "hw-chat-ended", hidden: true, role: "status" });
    this.error = h("p", { class: "hw-chat-error", role: "alert" });
    this.fileList = h("ul", { class: "hw-chat-files" });
    this.suggestList = h("ul", { class: "hw-chat-suggest", role: "listbox", id: id + "-replies",
                                 "aria-label": t("chats.saved_replies"), hidden: true });
    this.composer = h("textarea", {
      class: "hw-chat-input", rows: 3, id: id + "-input",
      "aria-label": t("chats.composer_label"), placeholder: t("chats.composer_placeholder"),
      "aria-autocomplete": "list", "aria-controls": id + "-replies", "aria-expanded": "false",
      onkeydown: function (e) { conv.onKey(e); },
      oninput: function () { conv.onInput(); },
      onblur: function () { setTimeout(function () { conv.closeSuggest(); }, 150); } });
    this.fileInput = h("input", { type: "file", multiple: true, hidden: true,
                                  onchange: function () { conv.upload(conv.fileInput.files); } });
    this.form = h("form", { class: "hw-chat-composer",
                            onsubmit: function (e) { e.preventDefault(); conv.send(); } },
      this.fileList, this.suggestList, this.composer,
      h("div", { class: "hw-chat-tools" },
        this.fileInput,
        h("button", { type: "button", class: "secondary",
                      onclick: function () { conv.fileInput.click(); } }, t("chats.attach")),
        h("button", { type: "button", class: "secondary", "aria-haspopup": "listbox",
                      onmousedown: function (e) { e.preventDefault(); },
                      onclick: function () { conv.togglePicker(); } }, t("chats.saved_replies")),
        h("button", { type: "submit" }, t("chats.send"))),
      this.error);
    this.context = h("aside", { class: "hw-chat-context", "aria-label": t("chats.context") });
    this.pane = h("section", { class: "hw-chat-pane", hidden: true, "data-chat-id": this.chat.id,
                               "aria-labelledby": id + "-title" },
      h("header", { class: "hw-chat-head" },
        h("div", {}, this.title, this.meta),
        h("div", { class: "hw-chat-actions" },
          this.transferButton, this.closeButton, this.dismissButton),
        this.transferForm),
      h("div", { class: "hw-chat-body" },
        h("div", { class: "hw-chat-convo" }, this.log, this.typing, this.ended, this.form),
        this.context));
  };

  Conversation.prototype.dispose = function () {
    clearTimeout(this.typingTimer);
    clearTimeout(this.idleTimer);
    this.pending.forEach(function (p) { clearTimeout(p.timer); });
    this.gone = true;
    this.pane.remove();
  };

  Conversation.prototype.mine = function () {
    return this.chat.status === "active" && this.chat.advisor && C.me &&
      this.chat.advisor.id === C.me.id;
  };

  Conversation.prototype.stateLabel = function () {
    if (this.chat.status === "closed") return t("chats.state_closed");
    if (!this.mine()) return t("chats.state_transferred");
    return "";
  };

  Conversation.prototype.update = function (chat) {
    this.chat = chat;
    this.visitorRead = Math.max(this.visitorRead, chat.visitor_read_seq || 0);
    this.readSent = Math.max(this.readSent, chat.advisor_read_seq || 0);
    this.title.textContent = visitorName(chat);
    clear(this.meta);
    append(this.meta, [
      manySites() ? h("span", {}, siteName(chat.site)) : null,
      chat.topic ? h("span", {}, chat.topic) : null,
      chat.page_route ? h("code", {}, chat.page_route) : null]);
    var open = this.mine();
    this.form.hidden = !open;
    Array.prototype.forEach.call(this.pane.querySelectorAll(".hw-chat-send-link"), function (b) {
      b.disabled = !open;
    });
    this.transferButton.hidden = !open;
    this.closeButton.hidden = !open;
    this.dismissButton.hidden = open;
    if (!open) { this.transferForm.hidden = true; this.showTyping(false); }
    this.renderEnded();
    this.renderReceipts();
  };

  Conversation.prototype.renderEnded = function () {
    var chat = this.chat;
    clear(this.ended);
    if (chat.status === "closed") {
      var why = { visitor: "chats.closed_by_visitor", unanswered: "chats.closed_unanswered" };
      append(this.ended, [
        h("p", {}, t(why[chat.closed_reason] || "chats.closed")),
        chat.ticket_number ? h("p", {}, t("chats.ticket_number", { number: chat.ticket_number }))
          : null,
        chat.rating ? h("p", { class: "hw-chat-rating" },
                        t("chats.rating", { rating: chat.rating })) : h("p", {}, t("chats.no_rating")),
        chat.rating && chat.rating_comment ? h("blockquote", {}, chat.rating_comment) : null]);
      this.ended.hidden = false;
    } else if (!this.mine()) {
      append(this.ended, [h("p", {}, t("chats.transferred_to", {
        name: chat.advisor ? chat.advisor.name : "" }))]);
      this.ended.hidden = false;
    } else {
      this.ended.hidden = true;
    }
  };

  /* ----- messages ----- */

  // Add a stored message once (messages are keyed by seq); returns whether it was new.
  Conversation.prototype.add = function (message) {
    if (this.messages.has(message.seq)) return false;
    var atEnd = this.nearEnd();
    this.messages.set(message.seq, message);
    while (this.messages.has(this.lastSeq + 1)) this.lastSeq += 1;
    var mine = this.pending.get(message.client_id);
    if (mine && message.author.kind === "advisor") {
      clearTimeout(mine.timer);
      mine.li.remove();
      this.pending.delete(message.client_id);
    }
    var li = this.messageItem(message);
    this.items.set(message.seq, li);
    var before = null;
    this.items.forEach(function (other, seq) {
      if (seq > message.seq && (!before || seq < Number(before.dataset.seq))) before = other;
    });
    if (!before) before = this.log.querySelector(".is-pending");
    this.log.insertBefore(li, before);
    if (atEnd) this.scrollToEnd();
    return true;
  };

  Conversation.prototype.messageItem = function (message) {
    var kind = message.author.kind;
    var name = kind === "visitor" ? visitorName(this.chat)
      : kind === "system" ? t("chats.system") : (message.author.name || t("chats.you"));
    var li = h("li", { class: "hw-msg hw-msg-" + kind, "data-seq": message.seq },
      h("div", { class: "hw-msg-meta" },
        h("span", { class: "hw-msg-author" }, name), " ",
        h("time", { datetime: message.created_at }, clock(message.created_at))),
      message.body ? h("div", { class: "hw-msg-body" }, message.body) : null,
      this.attachmentList(message.attachments, true));
    if (kind === "advisor") {
      li.appendChild(h("span", { class: "hw-msg-receipt" }, this.receipt(message.seq)));
    }
    return li;
  };

  Conversation.prototype.attachmentList = function (files, links) {
    if (!files || !files.length) return null;
    return h("ul", { class: "hw-msg-files" }, files.map(function (file) {
      var label = file.filename + (file.size || file.size === 0 ? " (" + bytes(file.size) + ")" : "");
      return h("li", {}, links
        ? h("a", { href: "/api/v1/advisor/attachments/" + encodeURIComponent(file.id),
                   download: file.filename, target: "_blank", rel: "noopener" }, label)
        : label);
    }));
  };

  Conversation.prototype.receipt = function (seq) {
    return seq <= this.visitorRead ? t("chats.seen") : t("chats.sent");
  };

  Conversation.prototype.seenUpTo = function (seq) {
    if (seq > this.visitorRead) {
      this.visitorRead = seq;
      this.renderReceipts();
    }
  };

  Conversation.prototype.renderReceipts = function () {
    var conv = this;
    this.items.forEach(function (li, seq) {
      var receipt = li.querySelector(".hw-msg-receipt");
      if (receipt) {
        receipt.textContent = conv.receipt(seq);
        li.classList.toggle("is-seen", seq <= conv.visitorRead);
      }
    });
  };

  Conversation.prototype.unread = function () {
    var count = 0;
    var read = this.readSent;
    this.messages.forEach(function (m, seq) {
      if (seq > read && m.author.kind === "visitor") count += 1;
    });
    return count;
  };

  Conversation.prototype.markRead = function () {
    if (this.lastSeq <= this.readSent || !this.mine()) return;
    var seq = this.lastSeq;
    this.readSent = seq;
    this.view.emit("chat:read", { chat_id: this.chat.id, seq: seq });
    this.view.renderTabs();
  };

  Conversation.prototype.nearEnd = function () {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
  };

  Conversation.prototype.scrollToEnd = function () { this.log.scrollTop = this.log.scrollHeight; };

  Conversation.prototype.showTyping = function (typing) {
    var conv = this;
    clearTimeout(this.typingTimer);
    this.typing.textContent = typing ? t("chats.typing", { name: visitorName(this.chat) }) : "";
    this.typing.hidden = !typing;
    if (typing) this.typingTimer = setTimeout(function () { conv.showTyping(false); }, TYPING_HIDE_MS);
  };

  /* ----- sending ----- */

  // Send the composer's text and files, or `text` alone (an article link).
  Conversation.prototype.send = function (text) {
    if (text === undefined && this.files.some(function (f) { return f.uploading; })) {
      this.error.textContent = t("chats.wait_uploads");  // messages go with finished uploads only
      return;
    }
    var body = (text === undefined ? this.composer.value : text).trim();
    var files = text === undefined ? this.files : [];
    if ((!body && !files.length) || !this.mine()) return;
    var pending = { client_id: uuid(), body: body, attachments: files.slice(), state: "sending" };
    pending.li = this.pendingItem(pending);
    this.pending.set(pending.client_id, pending);
    this.log.appendChild(pending.li);
    this.scrollToEnd();
    if (text === undefined) {
      this.composer.value = "";
      this.files = [];
      this.renderFiles();
      this.closeSuggest();
      this.stopTyping();
    }
    this.error.textContent = "";
    this.transmit(pending);
  };

  Conversation.prototype.pendingItem = function (pending) {
    var conv = this;
    var status = h("span", { class: "hw-msg-receipt" });
    var li = h("li", { class: "hw-msg hw-msg-advisor is-pending" },
      h("div", { class: "hw-msg-meta" }, h("span", { class: "hw-msg-author" }, t("chats.you"))),
      pending.body ? h("div", { class: "hw-msg-body" }, pending.body) : null,
      this.attachmentList(pending.attachments, false), status);
    pending.render = function () {
      clear(status);
      li.classList.toggle("is-failed", pending.state === "failed");
      if (pending.state === "failed") {
        append(status, [errorText(pending.error), " ",
          h("button", { type: "button", class: "link",
                        onclick: function () { conv.transmit(pending); } }, t("chats.retry"))]);
      } else {
        status.textContent = t("chats.sending");
      }
    };
    pending.render();
    return li;
  };

  // Send (or send again, under the same client_id) until the server acknowledges it.
  Conversation.prototype.transmit = function (pending) {
    var conv = this;
    clearTimeout(pending.timer);
    pending.state = "sending";
    pending.render();
    if (!this.view.socket.connected) return;  // sent again on reconnect
    this.view.emit("chat:send", {
      chat_id: this.chat.id, client_id: pending.client_id, body: pending.body,
      attachments: pending.attachments.map(function (f) { return f.id; }) }, function (ack) {
      if (!conv.pending.has(pending.client_id)) return;
      if (ack.ok) { conv.add(ack.message); return; }
      var code = ack.error && ack.error.code;
      if (code === "timeout" || code === "rate_limited" || code === "server_error") {
        pending.timer = setTimeout(function () {
          if (conv.pending.has(pending.client_id) && !conv.gone) conv.transmit(pending);
        }, RETRY_MS);
        return;
      }
      pending.state = "failed";
      pending.error = ack.error;
      pending.render();
    });
  };

  Conversation.prototype.resendPending = function () {
    var conv = this;
    this.pending.forEach(function (p) { if (p.state === "sending") conv.transmit(p); });
  };

  /* ----- composer: keys, typing, saved replies ----- */

  Conversation.prototype.onKey = function (e) {
    if (this.suggest && this.suggest.items.length) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        var n = this.suggest.items.length;
        this.suggest.index = (this.suggest.index + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
        this.renderSuggest();
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        this.insertReply(this.suggest.items[this.suggest.index]);
        return;
      }
    }
    if (e.key === "Escape" && this.suggest) { e.preventDefault(); this.closeSuggest(); return; }
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.send();
    }
  };

  Conversation.prototype.onInput = function () {
    var conv = this;
    var now = Date.now();
    if (this.composer.value.trim() && now - this.typingSentAt > TYPING_SEND_MS) {
      this.typingSentAt = now;
      this.view.emit("chat:typing", { chat_id: this.chat.id, typing: true });
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(function () { conv.stopTyping(); }, TYPING_IDLE_MS);
    var before = this.composer.value.slice(0, this.composer.selectionStart);
    var slash = /(^|\s)\/([^\s/]*)$/.exec(before);
    if (slash) {
      var start = before.length - slash[2].length - 1;
      this.openSuggest(start, this.composer.selectionStart, slash[2]);
    } else if (this.suggest && !this.suggest.picker) {
      this.closeSuggest();
    }
  };

  Conversation.prototype.stopTyping = function () {
    clearTimeout(this.idleTimer);
    if (this.typingSentAt && this.mine()) {
      this.typingSentAt = 0;
      this.view.emit("chat:typing", { chat_id: this.chat.id, typing: false });
    }
  };

  Conversation.prototype.togglePicker = function () {
    if (this.suggest && this.suggest.picker) { this.closeSuggest(); return; }
    var caret = this.composer.selectionStart;
    this.openSuggest(caret, this.composer.selectionEnd, "", true);
    this.composer.focus();
  };

  Conversation.prototype.openSuggest = function (start, end, query, picker) {
    var conv = this;
    var token = {};
    this.suggestToken = token;
    this.view.savedReplies(this.chat.site).then(function (all) {
      if (conv.suggestToken !== token) return;
      var inLocale = all.filter(function (r) { return r.locale === conv.chat.locale; });
      var pool = inLocale.length ? inLocale : all;
      var q = fold(query);
      var items = pool.filter(function (r) {
        return !q || fold(r.shortcut).indexOf(q) === 0 || fold(r.title).indexOf(q) !== -1;
      }).sort(function (a, b) {
        var ap = fold(a.shortcut).indexOf(q) === 0 ? 0 : 1;
        var bp = fold(b.shortcut).indexOf(q) === 0 ? 0 : 1;
        return ap - bp || a.shortcut.localeCompare(b.shortcut);
      }).slice(0, MAX_SUGGESTIONS);
      conv.suggest = { start: start, end: end, items: items, index: 0, picker: !!picker };
      conv.renderSuggest();
    });
  };

  Conversation.prototype.renderSuggest = function () {
    var conv = this;
    var s = this.suggest;
    clear(this.suggestList);
    if (!s) return;
    if (!s.items.length) {
      this.suggestList.appendChild(h("li", { class: "hw-chat-suggest-none" },
                                     t("chats.no_saved_replies")));
    }
    s.items.forEach(function (reply, index) {
      var optionId = conv.suggestList.id + "-" + index;
      conv.suggestList.appendChild(h("li", {
        role: "option", id: optionId, class: index === s.index ? "is-selected" : null,
        "aria-selected": index === s.index ? "true" : "false",
        onmousedown: function (e) { e.preventDefault(); conv.insertReply(reply); } },
        h("span", { class: "hw-chat-suggest-key" }, "/" + reply.shortcut), " ",
        h("span", { class: "hw-chat-suggest-title" }, reply.title),
        h("span", { class: "hw-chat-suggest-body" }, reply.body.slice(0, 120))));
    });
    this.suggestList.hidden = false;
    this.composer.setAttribute("aria-expanded", "true");
    if (s.items.length) {
      this.composer.setAttribute("aria-activedescendant", this.suggestList.id + "-" + s.index);
    } else {
      this.composer.removeAttribute("aria-activedescendant");
    }
  };

  Conversation.prototype.closeSuggest = function () {
    this.suggest = null;
    this.suggestToken = null;
    clear(this.suggestList);
    this.suggestList.hidden = true;
    this.composer.setAttribute("aria-expanded", "false");
    this.composer.removeAttribute("aria-activedescendant");
  };

  Conversation.prototype.insertReply = function (reply) {
    if (!reply || !this.suggest) return;
    var value = this.composer.value;
    var s = this.suggest;
    this.composer.value = value.slice(0, s.start) + reply.body + value.slice(s.end);
    var caret = s.start + reply.body.length;
    this.composer.setSelectionRange(caret, caret);
    this.closeSuggest();
    this.composer.focus();
  };

  /* ----- attachments ----- */

  Conversation.prototype.upload = function (list) {
    var conv = this;
    Array.prototype.forEach.call(list, function (file) {
      var item = { filename: file.name, size: file.size, uploading: true };
      conv.files.push(item);
      var form = new FormData();
      form.append("site", conv.chat.site);
      form.append("file", file);
      upload(form).then(function (stored) {
        item.id = stored.id;
        item.filename = stored.filename || item.filename;
        item.size = stored.size;
        item.uploading = false;
        conv.renderFiles();
      }, function (error) {
        conv.files = conv.files.filter(function (f) { return f !== item; });
        conv.error.textContent = t("chats.upload_failed", {
          name: file.name, error: (error && error.message) || "" });
        conv.renderFiles();
      });
    });
    this.fileInput.value = "";
    this.renderFiles();
  };

  Conversation.prototype.renderFiles = function () {
    var conv = this;
    clear(this.fileList);
    this.files.forEach(function (file) {
      conv.fileList.appendChild(h("li", {},
        file.uploading ? t("chats.uploading", { name: file.filename }) : file.filename,
        file.uploading ? null : h("button", {
          type: "button", class: "link", "aria-label": t("chats.remove_file", { name: file.filename }),
          onclick: function () {
            conv.files = conv.files.filter(function (f) { return f !== file; });
            conv.renderFiles();
          } }, "×")));
    });
  };

  /* ----- transfer and close ----- */

  Conversation.prototype.openTransfer = function () {
    var conv = this;
    clear(this.transferForm);
    this.transferForm.hidden = false;
    this.view.emit("chat:team", { chat_id: this.chat.id }, function (ack) {
      clear(conv.transferForm);
      if (!ack.ok) { conv.error.textContent = errorText(ack.error); conv.transferForm.hidden = true; return; }
      var others = ack.advisors.filter(function (a) { return !C.me || a.id !== C.me.id; });
      if (!others.length) {
        append(conv.transferForm, [h("p", {}, t("chats.no_team")), conv.cancelButton()]);
        return;
      }
      var selectId = "hw-chat-" + conv.chat.id + "-transfer";
      conv.transferSelect = h("select", { id: selectId, required: true },
        others.map(function (a) {
          var state = a.online ? (a.status === "away" ? "away" : "online") : "offline";
          return h("option", { value: a.id }, t("chats.advisor_" + state, { name: a.name }));
        }));
      append(conv.transferForm, [
        h("label", { for: selectId }, t("chats.transfer_to")), conv.transferSelect,
        h("button", { type: "submit" },
          t("chats.transfer_confirm")),
        conv.cancelButton()]);
      conv.transferSelect.focus();
    });
  };

  Conversation.prototype.cancelButton = function () {
    var conv = this;
    return h("button", { type: "button", class: "secondary",
                         onclick: function () { conv.transferForm.hidden = true; } },
             t("chats.cancel"));
  };

  Conversation.prototype.transfer = function () {
    var conv = this;
    var target = Number(this.transferSelect && this.transferSelect.value);
    if (!target) return;
    this.view.emit("chat:transfer", { chat_id: this.chat.id, advisor_id: target }, function (ack) {
      if (!ack.ok) { conv.error.textContent = errorText(ack.error); return; }
      conv.transferForm.hidden = true;
      conv.update(ack.chat);
      conv.view.renderTabs();
    });
  };

  Conversation.prototype.close = function () {
    var conv = this;
    this.stopTyping();
    this.view.emit("chat:close", { chat_id: this.chat.id }, function (ack) {
      if (!ack.ok) { conv.error.textContent = errorText(ack.error); return; }
      conv.update(ack.chat);
      conv.view.renderTabs();
    });
  };

  /* ----- context sidebar ----- */

  Conversation.prototype.loadContext = function () {
    var conv = this;
    this.contextAt = Date.now();
    this.view.emit("chat:context", { chat_id: this.chat.id }, function (ack) {
      if (ack.ok) conv.renderContext(ack);
      else conv.contextAt = 0;
    });
  };

  Conversation.prototype.renderContext = function (ctx) {
    var conv = this;
    var v = ctx.visitor || {};
    function row(label, value) {
      return value ? [h("dt", {}, label), h("dd", {}, value)] : null;
    }
    clear(this.context);
    append(this.context, [
      h("h3", {}, t("chats.context")),
      h("dl", { class: "hw-chat-facts" },
        row(t("chats.name"), v.name || t("chats.anonymous")),
        row(t("chats.email"), v.email),
        row(t("chats.account"), v.account_name),
        row(t("chats.account_type"), v.account_type),
        row(t("chats.page"), ctx.page_route ? h("code", {}, ctx.page_route) : null)),
      v.identified ? null : h("p", { class: "hw-chats-empty" }, t("chats.not_identified")),
      h("h3", {}, t("chats.open_tickets")),
      (ctx.open_tickets || []).length
        ? h("ul", { class: "hw-chat-tickets" }, ctx.open_tickets.map(function (ticket) {
          return h("li", {}, h("span", { class: "hw-chat-ticket-number" }, "#" + ticket.number),
                   " ", ticket.subject, " ",
                   h("span", { class: "badge" }, ticket.status_label || ticket.status));
        }))
        : h("p", { class: "hw-chats-empty" }, t("chats.no_open_tickets")),
      h("h3", {}, t("chats.articles")),
      (ctx.articles || []).length
        ? h("ul", { class: "hw-chat-articles" }, ctx.articles.map(function (article) {
          var url = new URL(article.url, window.location.origin).href;
          return h("li", {},
            h("a", { href: url, target: "_blank", rel: "noopener" }, article.title),
            article.summary ? h("p", {}, article.summary) : null,
            h("button", { type: "button", class: "secondary hw-chat-send-link",
                          disabled: !conv.mine(),
                          "aria-label": t("chats.send_link_named", { title: article.title }),
                          onclick: function () { conv.send(article.title + "\n" + url); } },
              t("chats.send_link")));
        }))
        : h("p", { class: "hw-chats-empty" }, t("chats.no_articles"))]);
  };

  var instance = null;
  C.views.chats = {
    mount: function (el) {
      instance = new ChatsView(el);
      instance.mount();
    },
    // The shell shows this view again: what is on screen now counts as read.
    show: function () {
      if (instance) setTimeout(function () { instance.markActiveRead(); }, 0);
    }
  };
})();
