// The loader host pages embed: draws the "?" launcher, creates the panel iframe only on intent,
// relays the JS API to the panel over postMessage (exact origins both ways) and picks up SPA routes.
import { CSS } from "./styles.js";

(function (w, d) {
  // Loaded twice (two tags, or an SPA re-inserting the tag): the first copy keeps working.
  if (w.__helpwidget) return;
  var script = d.currentScript || d.querySelector("script[data-site]");
  if (!script || !script.src) return;
  w.__helpwidget = 1;

  var TAG = "helpwidget";
  var LABELS = { en: "Help", es: "Ayuda", pl: "Pomoc" };
  var data = script.dataset;
  var HELP = new URL(script.src, location.href).origin;
  var hostSelector = data.launcher;
  var corner = /^(top|bottom)-(left|right)$/.test(data.position) ? data.position : "bottom-right";
  var locale = pickLocale([data.locale, d.documentElement.lang].concat(navigator.languages || [navigator.language]));
  var listeners = {};
  var pending = []; // commands for the panel until it says `ready`
  var route = currentRoute();
  var root, box, launcher, badge, frame, ready, opened;
  var KEY = "helpwidget:" + data.site;

  function pickLocale(candidates) {
    for (var i = 0; i < candidates.length; i++) {
      var code = String(candidates[i] || "").slice(0, 2).toLowerCase();
      if (LABELS[code]) return code;
    }
    return "";
  }

  function label() {
    return LABELS[locale] || LABELS.en;
  }

  function currentRoute() {
    return { route: location.pathname + location.hash, title: d.title };
  }

  function el(name, attributes) {
    var node = d.createElement(name);
    for (var key in attributes) node.setAttribute(key, attributes[key]);
    return node;
  }

  // The visitor's token, kept here only when the browser blocks the panel's own storage.
  function remember(token) {
    try {
      if (token) localStorage.setItem(KEY, token);
      else localStorage.removeItem(KEY);
    } catch (error) {}
  }

  function remembered() {
    try {
      return localStorage.getItem(KEY);
    } catch (error) {
      return null;
    }
  }

  // A chat in progress is intent enough: the next page loads the panel at once for its badge.
  function chatting(on) {
    try {
      if (on !== undefined) on ? sessionStorage.setItem(KEY + ":chat", 1) : sessionStorage.removeItem(KEY + ":chat");
      return !!sessionStorage.getItem(KEY + ":chat");
    } catch (error) {
      return false;
    }
  }

  function emit(name, value) {
    (listeners[name] || []).slice().forEach(function (fn) {
      try {
        fn(value);
      } catch (error) {
        setTimeout(function () { throw error; }); // a host handler's error must not stop the others
      }
    });
  }

  function send(type, value) {
    if (ready) frame.contentWindow.postMessage({ source: TAG, type: type, data: value }, HELP);
    else pending.push([type, value]);
  }

  function hostButtons() {
    try {
      return hostSelector ? d.querySelectorAll(hostSelector) : [];
    } catch (error) {
      return [];
    }
  }

  function buttons() {
    return launcher ? [launcher] : [].slice.call(hostButtons());
  }

  function ensurePanel() {
    if (frame) return;
    var query = new URLSearchParams({ site: data.site || "", origin: location.origin });
    if (locale) query.set("locale", locale);
    frame = el("iframe", { id: "helpwidget-panel", name: "helpwidget-panel", class: "p", title: label(), hidden: "" });
    frame.src = HELP + "/widget/panel?" + query;
    box.appendChild(frame);
  }

  // A host button may sit anywhere: put the panel below or above it, on its side of the screen.
  function place() {
    var button = hostButtons()[0];
    if (!button) return;
    var rect = button.getBoundingClientRect();
    var style = frame.style;
    var below = rect.top < innerHeight / 2;
    var right = rect.left + rect.width / 2 > innerWidth / 2;
    // Clamped: a button scrolled out of view must not push the panel off the screen.
    style.setProperty("top", below ? Math.max(8, rect.bottom + 8) + "px" : "auto");
    style.setProperty("bottom", below ? "auto" : Math.max(8, innerHeight - rect.top + 8) + "px");
    style.setProperty("right", right ? Math.max(8, innerWidth - rect.right) + "px" : "auto");
    style.setProperty("left", right ? "auto" : Math.max(8, rect.left) + "px");
  }

  function expanded() {
    buttons().forEach(function (button) {
      button.setAttribute("aria-expanded", opened ? "true" : "false");
      // A host button cannot point into the shadow root: it controls the widget's host element.
      if (!launcher) button.setAttribute("aria-controls", "helpwidget");
    });
  }

  function open(type, value) {
    ensurePanel();
    if (type) send(type, value);
    if (opened) return;
    opened = true;
    if (hostSelector && !launcher) place();
    frame.hidden = false;
    frame.focus(); // keyboard users continue inside the panel
    send("shown");
    expanded();
    emit("open");
  }

  function close(giveFocusBack) {
    if (!opened) return;
    opened = false;
    var focused = root.activeElement === frame;
    frame.hidden = true;
    send("hidden");
    expanded();
    if (giveFocusBack || focused) {
      var button = buttons()[0];
      if (button) button.focus();
    }
    emit("close");
  }

  function setRoute(value) {
    route = value;
    if (frame) send("route", route);
  }

  function showUnread(count) {
    count = Math.max(0, count | 0);
    if (badge) {
      badge.textContent = count > 9 ? "9+" : String(count);
      badge.hidden = !count;
      launcher.setAttribute("aria-label", count ? label() + " (" + count + ")" : label());
    }
    emit("unread", count);
  }

  var commands = {
    open: function (view, params) {
      open(view ? "open" : null, { view: view, params: params || {} });
    },
    close: function () {
      close();
    },
    toggle: function () {
      if (opened) close();
      else open();
    },
    identify: function (jwt) {
      send("identify", { jwt: jwt });
    },
    logout: function () {
      send("logout");
    },
    setRoute: function (path, title) {
      setRoute({ route: String(path), title: String(title || d.title) });
    },
    search: function (q) {
      open("search", { q: q });
    },
    openArticle: function (slug) {
      open("article", { slug: slug });
    },
    newTicket: function (fields) {
      open("new_ticket", fields || {});
    },
    startChat: function (message) {
      open("start_chat", { message: message });
    },
    setLocale: function (wanted) {
      wanted = pickLocale([wanted]);
      if (!wanted) return; // the panel speaks en, es and pl
      locale = wanted;
      if (launcher) launcher.setAttribute("aria-label", label());
      if (frame) {
        frame.title = label();
        send("locale", { locale: locale });
      }
    },
    on: function (name, fn) {
      if (typeof fn === "function") (listeners[name] = listeners[name] || []).push(fn);
    },
    off: function (name, fn) {
      listeners[name] = (listeners[name] || []).filter(function (other) {
        return other !== fn;
      });
    },
  };

  function api(command) {
    var run = commands[command];
    if (run) run.apply(null, [].slice.call(arguments, 1));
  }
  api.loaded = true;

  w.addEventListener("message", function (event) {
    var message = event.data;
    if (event.origin !== HELP || !frame || event.source !== frame.contentWindow) return;
    if (!message || message.source !== TAG) return;
    var value = message.data || {};
    if (message.type === "ready" && !ready) {
      ready = true;
      frame.contentWindow.postMessage({ source: TAG, type: "restore", data: { token: remembered(), chat: chatting() } }, HELP);
      frame.contentWindow.postMessage({ source: TAG, type: "route", data: route }, HELP);
      var queued = pending;
      pending = [];
      queued.forEach(function (item) { send(item[0], item[1]); });
      if (opened && root.activeElement !== frame) frame.focus();
      emit("ready");
    } else if (message.type === "close") close(true);
    else if (message.type === "unread") showUnread(value.count);
    else if (message.type === "keep") chatting(!!value.chat);
    else if (message.type === "session") remember(typeof value.token === "string" ? value.token.slice(0, 200) : null);
    else if (message.type === "event" && typeof value.name === "string") emit(value.name, value.data);
  });

  // A Tab the browser hands to this page while the open panel holds focus would leave the panel:
  // give focus back to the panel's window and let the panel move it.
  d.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" || !opened || root.activeElement !== frame) return;
    event.preventDefault();
    frame.contentWindow.focus();
    send("tab", event.shiftKey);
  }, true);

  // Single-page apps: every route change reaches the panel's "help on this page".
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      setTimeout(function () { setRoute(currentRoute()); }); // after the app has set its title
      return result;
    };
  });
  // The host's button moves when the page scrolls or resizes: the panel follows it.
  ["scroll", "resize"].forEach(function (name) {
    w.addEventListener(name, function () {
      if (opened && hostSelector && !launcher) place();
    }, { passive: true });
  });
  ["popstate", "hashchange"].forEach(function (name) {
    w.addEventListener(name, function () { setRoute(currentRoute()); });
  });

  function intent(event) {
    if (event.type !== "click") ensurePanel();
    else if (opened) close(true);
    else open();
  }

  function start() {
    var host = el("helpwidget-root", { id: "helpwidget" });
    root = host.attachShadow({ mode: "open" });
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (error) {
      // No constructable stylesheets: a <style> with the loader tag's nonce (style-src must allow it).
      var style = el("style");
      style.nonce = script.nonce;
      style.textContent = CSS;
      root.appendChild(style);
    }
    box = root.appendChild(el("div", { class: corner }));
    if (hostSelector && isSelector()) {
      // The host's own button, maybe rendered later: listen on the document, not on the node.
      ["click", "pointerover", "focusin"].forEach(function (type) {
        d.addEventListener(type, function (event) {
          var target = event.target;
          if (target.closest && target.closest(hostSelector)) intent(event);
        });
      });
      expanded();
    } else {
      hostSelector = null;
      launcher = box.appendChild(el("button", { id: "helpwidget-launcher", class: "l", type: "button",
        "aria-label": label(), "aria-expanded": "false", "aria-controls": "helpwidget-panel" }));
      launcher.appendChild(el("span", { "aria-hidden": "true" })).textContent = "?";
      badge = launcher.appendChild(el("span", { id: "helpwidget-badge", hidden: "" }));
      ["pointerenter", "focus", "click"].forEach(function (type) {
        launcher.addEventListener(type, intent);
      });
    }
    d.body.appendChild(host);
    if (chatting()) ensurePanel();
    var queued = (w.HelpWidget && w.HelpWidget.q) || [];
    w.HelpWidget = api;
    [].slice.call(queued).forEach(function (args) {
      api.apply(null, args);
    });
  }

  function isSelector() {
    try {
      d.querySelector(hostSelector);
      return true;
    } catch (error) {
      return false;
    }
  }

  if (d.body) start();
  else d.addEventListener("DOMContentLoaded", start);
})(window, document);
