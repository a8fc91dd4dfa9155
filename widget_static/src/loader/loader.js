// The loader host pages embed: draws the "?" launcher, takes the JS API's calls, keeps the routes
// (and, opted in, the page's errors) and fetches the frame script (frame.js) on idle or on intent;
// that one creates the panel iframe and talks to it over postMessage (exact origins both ways).
import { LAUNCHER_CSS } from "./styles.js";

((w, d) => {
  // Loaded twice (two tags, or an SPA re-inserting the tag): the first copy keeps working.
  if (w.__helpwidget) return;
  var script = d.currentScript || d.querySelector("script[data-site]");
  if (!script || !script.src) return;

  var LABELS = { en: "Help", es: "Ayuda", pl: "Pomoc" };
  // What the frame script runs (queued until it has loaded); on, off, setRoute and setLocale run here.
  var PANEL = "open close toggle identify logout search openArticle newTicket startChat".split(" ");
  // The events the panel emits (a new one goes here too, or on() warns of it).
  var EVENTS = ("ready open close unread ticket_created ticket_reply chat_message identify_failed " +
    "identity_expired error").split(" ");
  var data = script.dataset;
  var listeners = {};
  var loading;
  // Shared with the frame script; names ending in "_" are shortened alike in both builds.
  var x = (w.__helpwidget = {
    data_: data,
    sel_: data.launcher,
    key_: "helpwidget:" + data.site,
    locale_: pickLocale([data.locale, d.documentElement.lang].concat(navigator.languages || [navigator.language])),
    trail_: [], // the last routes visited, for diagnostics: paths only (see setRoute)
    // The host page's recent JavaScript errors, kept only when the host opted in (data-diagnostics).
    errors_: data.diagnostics == "errors" && [],
    q_: [], // calls for the frame script until it has loaded
    label_: () => LABELS[x.locale_] || LABELS.en,
    emit_: emit,
    warn_: warn,
    el_: el,
    listen_: listen,
    css_: css,
    stored_: stored,
  });

  function pickLocale(candidates) {
    return candidates.map((code) => String(code || "").slice(0, 2).toLowerCase())
      .find((code) => LABELS[code]) || "";
  }

  // Listen to each of the space-separated `events` of `target`.
  function listen(target, events, fn, options) {
    events.split(" ").forEach((name) => target.addEventListener(name, fn, options));
  }

  function el(name, attributes) {
    var node = d.createElement(name);
    for (var key in attributes) node.setAttribute(key, attributes[key]);
    return node;
  }

  // Styles for the shadow root: a constructable stylesheet, or where there is none a <style>
  // with the loader tag's nonce (style-src must allow it).
  function css(text) {
    var root = x.root_;
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } catch (error) {
      var style = root.appendChild(el("style"));
      style.nonce = script.nonce;
      style.textContent = text;
    }
  }

  // Read (and first set, or remove when falsy, if `value` is given) an item of w[area];
  // null when the browser blocks that storage.
  function stored(area, key, value) {
    try {
      area = w[area];
      if (value !== undefined) value ? area.setItem(key, value) : area.removeItem(key);
      return area.getItem(key);
    } catch (error) {
      return null;
    }
  }

  function emit(name, value) {
    // off() replaces the list, and forEach skips what on() adds meanwhile: no copy needed.
    (listeners[name] || []).forEach((fn) => {
      try {
        fn(value);
      } catch (error) {
        setTimeout(() => { throw error; }); // a host handler's error must not stop the others
      }
    });
  }

  // A call the widget cannot follow: said in the host's console and as an `error` event.
  function warn(code, message) {
    console.warn("HelpWidget: " + message);
    emit("error", { code: code, message: message });
  }

  function unknown(what, value, valid) {
    warn("unknown_" + what, "unknown " + what + ' "' + value + '"; use one of: ' + valid.join(", "));
  }

  // The frame script, once: with the loader tag's nonce, so a nonce-only CSP admits it too.
  function load() {
    if (loading) return;
    loading = d.body.appendChild(el("script", { src: new URL(script.src).origin + FRAME_URL }));
    loading.nonce = script.nonce;
    loading.onerror = () => { loading.remove(); loading = 0; }; // tried again on the next call
  }

  function run(name, args) {
    if (x.run_) x.run_(name, args);
    else {
      x.q_.push([name, args]);
      load();
    }
  }

  // The last 20, newest first: the panel asks for them only when the user ticks "Attach
  // diagnostics", and checks and trims them before showing or sending anything.
  function keep(list, item) {
    if (list.unshift(item) > 20) list.pop();
  }

  function setRoute(value) {
    x.route_ = value;
    // A query string or fragment may hold personal data (or a token): the path alone is kept.
    var visited = value.route.split(/[?#]/)[0];
    if (x.trail_[0] != visited) keep(x.trail_, visited);
    if (x.run_) x.run_("route");
  }

  function routeChanged() {
    setRoute({ route: location.pathname + location.hash, title: d.title });
  }
  routeChanged();

  // Each error as [message, script, line, time in ms]; the message as text: a rejection's reason
  // may be anything, and postMessage cannot copy everything.
  if (x.errors_) listen(w, "error unhandledrejection", (event) => {
    var reason = event.reason;
    keep(x.errors_, [String(reason ? reason.message || reason : event.message), event.filename, event.lineno, Date.now()]);
  });

  var commands = {
    setRoute(path, title) {
      setRoute({ route: String(path), title: String(title || d.title) });
    },
    setLocale(wanted) {
      var found = pickLocale([wanted]);
      // The panel speaks en, es and pl.
      if (!found) return unknown("locale", wanted, Object.keys(LABELS));
      x.locale_ = found;
      if (x.launcher_) x.launcher_.setAttribute("aria-label", x.label_());
      if (x.run_) x.run_("locale");
    },
    on(name, fn) {
      if (!EVENTS.includes(name)) unknown("event", name, EVENTS);
      if (typeof fn == "function") (listeners[name] = listeners[name] || []).push(fn);
      else warn("invalid_argument", "on(" + name + ") needs a function");
    },
    off(name, fn) {
      listeners[name] = (listeners[name] || []).filter((other) => other !== fn);
    },
  };

  function api(command, ...args) {
    if (commands[command]) commands[command](...args);
    else if (PANEL.includes(command)) run(command, args);
    else unknown("command", command, Object.keys(commands).concat(PANEL));
  }
  api.loaded = true;

  // Single-page apps: every route change reaches the panel's "help on this page".
  ["pushState", "replaceState"].forEach((name) => {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      setTimeout(routeChanged); // after the app has set its title
      return result;
    };
  });
  listen(w, "popstate hashchange", routeChanged);

  // Hover or focus: the panel loads; a click opens or closes it.
  function intent(event) {
    run(event.type == "click" ? "click" : "warm");
  }

  function start() {
    var host = el("helpwidget-root", { id: "helpwidget" });
    x.root_ = host.attachShadow({ mode: "open" });
    css(LAUNCHER_CSS);
    x.box_ = x.root_.appendChild(el("div",
      { class: /^(top|bottom)-(left|right)$/.test(data.position) ? data.position : "bottom-right" }));
    try {
      if (x.sel_) d.querySelector(x.sel_);
    } catch (error) {
      x.sel_ = null; // not a selector: the floating "?" instead
    }
    if (x.sel_) {
      // The host's own button, maybe rendered later: listen on the document, not on the node.
      listen(d, "click pointerover focusin", (event) => {
        var target = event.target;
        if (target.closest && target.closest(x.sel_)) intent(event);
      });
    } else {
      var launcher = (x.launcher_ = x.box_.appendChild(el("button",
        { id: "helpwidget-launcher", class: "l", type: "button", "aria-label": x.label_(),
          "aria-expanded": false, "aria-controls": "helpwidget-panel" })));
      launcher.appendChild(el("span", { "aria-hidden": "true" })).textContent = "?";
      // The brand colour the panel last reported for this site (frame.js keeps it).
      launcher.style.background = stored("localStorage", x.key_ + ":c") || "";
      x.badge_ = launcher.appendChild(el("span", { id: "helpwidget-badge", hidden: "" }));
      listen(launcher, "pointerenter focus click", intent);
    }
    d.body.appendChild(host);
    // A chat in progress is intent enough: the next page loads the panel at once for its badge.
    if (stored("sessionStorage", x.key_ + ":chat")) run("warm");
    var queued = (w.HelpWidget && w.HelpWidget.q) || [];
    w.HelpWidget = api;
    [...queued].forEach((args) => api(...args));
    // The frame script (about 1.5 KB) while the page is idle: the first open waits for nothing more.
    (w.requestIdleCallback || setTimeout)(load);
  }

  if (d.body) start();
  else listen(d, "DOMContentLoaded", start);
})(window, document);
