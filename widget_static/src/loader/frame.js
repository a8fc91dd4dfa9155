// The frame script, fetched by the loader on idle or on the first intent: creates the panel iframe,
// places, opens and closes it, keeps Tab in it, and relays the JS API to it over postMessage with
// the exact origin both ways. The loader's state arrives as window.__helpwidget.
import { FRAME_CSS } from "./styles.js";

((x, w, d) => {
  if (!x || x.run_) return;
  var TAG = "helpwidget";
  // The help server is where this script came from.
  var HELP = new URL(d.currentScript.src).origin;
  var pending = []; // commands for the panel until it says `ready`
  var frame, ready, opened;
  x.css_(FRAME_CSS);

  // The visitor's token, kept here only when the browser blocks the panel's own storage.
  function remember(token) {
    return x.stored_("localStorage", x.key_, token);
  }

  // A chat in progress is intent enough: the next page loads the panel at once for its badge.
  function chatting(on) {
    return !!x.stored_("sessionStorage", x.key_ + ":chat", on && 1);
  }

  function post(type, value) {
    frame.contentWindow.postMessage({ source: TAG, type: type, data: value }, HELP);
  }

  function send(type, value) {
    ready ? post(type, value) : pending.push([type, value]);
  }

  function ensurePanel() {
    if (frame) return;
    var query = new URLSearchParams({ site: x.data_.site || "", origin: location.origin });
    if (x.locale_) query.set("locale", x.locale_);
    frame = x.box_.appendChild(x.el_("iframe", { id: "helpwidget-panel", name: "helpwidget-panel", class: "p",
      title: x.label_(), hidden: "", src: HELP + "/widget/panel?" + query }));
  }

  // The launcher, or the host's own buttons (the loader has checked the selector or dropped it).
  function buttons() {
    return x.launcher_ ? [x.launcher_] : [...(x.sel_ ? d.querySelectorAll(x.sel_) : [])];
  }

  function expanded() {
    buttons().forEach((button) => {
      button.setAttribute("aria-expanded", !!opened);
      // A host button cannot point into the shadow root: it controls the widget's host element.
      button.setAttribute("aria-controls", x.launcher_ ? "helpwidget-panel" : "helpwidget");
    });
  }

  // A host button may sit anywhere: put the panel below or above it, on its side of the screen.
  function place() {
    var button = buttons()[0];
    if (!button) return;
    var rect = button.getBoundingClientRect();
    var below = rect.top < innerHeight / 2;
    var right = rect.left + rect.width / 2 > innerWidth / 2;
    // Clamped: a button scrolled out of view must not push the panel off the screen.
    var px = (n) => Math.max(8, n) + "px";
    Object.assign(frame.style, {
      top: below ? px(rect.bottom + 8) : "auto",
      bottom: below ? "auto" : px(innerHeight - rect.top + 8),
      right: right ? px(innerWidth - rect.right) : "auto",
      left: right ? "auto" : px(rect.left),
    });
  }

  function open(type, value) {
    ensurePanel();
    if (type) send(type, value);
    if (opened) return;
    opened = true;
    if (!x.launcher_) place();
    frame.hidden = false;
    frame.focus(); // keyboard users continue inside the panel
    send("shown");
    expanded();
    x.emit_("open");
  }

  function close(giveFocusBack) {
    if (!opened) return;
    opened = false;
    var focused = x.root_.activeElement === frame;
    frame.hidden = true;
    send("hidden");
    expanded();
    if (giveFocusBack || focused) {
      var button = buttons()[0];
      if (button) button.focus();
    }
    x.emit_("close");
  }

  function showUnread(count) {
    count = Math.max(0, count | 0);
    if (x.badge_) {
      x.badge_.textContent = count > 9 ? "9+" : count;
      x.badge_.hidden = !count;
      x.launcher_.setAttribute("aria-label", x.label_() + (count ? " (" + count + ")" : ""));
    }
    x.emit_("unread", count);
  }

  // The loader's commands (see PANEL in loader.js), and its own: warm, click, route and locale.
  var commands = {
    warm: ensurePanel,
    click() {
      if (opened) close(true);
      else open();
    },
    open(view, params) {
      open(view ? "open" : null, { view: view, params: params || {} });
    },
    close() {
      close();
    },
    toggle() {
      if (opened) close();
      else open();
    },
    identify(jwt) {
      if (jwt && typeof jwt == "string") return send("identify", { jwt: jwt });
      var message = "identify needs the JWT your backend signed, as a string";
      x.warn_("invalid_argument", message);
      x.emit_("identify_failed", { code: "invalid", message: message });
    },
    logout() {
      send("logout");
    },
    search(q) {
      open("search", { q: q });
    },
    openArticle(slug) {
      open("article", { slug: slug });
    },
    newTicket(fields) {
      open("new_ticket", fields || {});
    },
    startChat(message) {
      open("start_chat", { message: message });
    },
    route() {
      if (frame) send("route", x.route_);
    },
    locale() {
      if (frame) {
        frame.title = x.label_();
        send("locale", { locale: x.locale_ });
      }
    },
  };

  x.listen_(w, "message", (event) => {
    var message = event.data;
    if (event.origin !== HELP || !frame || event.source !== frame.contentWindow) return;
    if (!message || message.source !== TAG) return;
    var value = message.data || {};
    var type = message.type;
    if (type == "ready" && !ready) {
      ready = true;
      post("restore", { token: remember(), chat: chatting() });
      post("route", x.route_);
      pending.forEach((item) => post(...item)); // nothing is queued once ready
      if (opened && x.root_.activeElement !== frame) frame.focus();
      x.emit_("ready");
    } else if (type == "close") close(true);
    else if (type == "unread") showUnread(value.count);
    else if (type == "keep") chatting(!!value.chat);
    else if (type == "session") remember(typeof value.token === "string" ? value.token.slice(0, 200) : null);
    else if (type == "event" && typeof value.name === "string") x.emit_(value.name, value.data);
    // The panel found a view, option or category the host asked for that does not exist.
    else if (type == "warn") x.warn_(String(value.code), String(value.message));
    else if (type == "diagnostics") send("diagnostics", [x.trail_, x.errors_]);
    // The site's brand colour, for the launcher now and, stored, from the next page's start.
    else if (type == "brand" && /^#[0-9a-f]{3,6}$/i.test(value.color)) {
      x.stored_("localStorage", x.key_ + ":c", value.color);
      if (x.launcher_) x.launcher_.style.background = value.color;
    }
  });

  // A Tab the browser hands to this page while the open panel holds focus would leave the panel:
  // give focus back to the panel's window and let the panel move it.
  x.listen_(d, "keydown", (event) => {
    if (event.key != "Tab" || !opened || x.root_.activeElement !== frame) return;
    event.preventDefault();
    frame.contentWindow.focus();
    send("tab", event.shiftKey);
  }, true);

  // The host's button moves when the page scrolls or resizes: the panel follows it.
  x.listen_(w, "scroll resize", () => opened && !x.launcher_ && place(), { passive: true });

  expanded(); // the host's own buttons say so from now on (the launcher did from the start)
  x.run_ = (name, args) => commands[name](...(args || []));
  x.q_.forEach((item) => x.run_(...item));
})(window.__helpwidget, window, document);
