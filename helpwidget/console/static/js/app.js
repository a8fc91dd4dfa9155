/* The advisor console shell: strings, API calls, the live socket, tabs, toasts and alerts.
   Views (chats.js, tickets.js, articles.js) register in HWConsole.views and are mounted here. */
(function () {
  "use strict";

  var body = document.body;
  var strings = JSON.parse(document.getElementById("console-strings").textContent || "{}");
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var apiBase = body.getAttribute("data-api-base") || "/api/v1";
  var loginUrl = body.getAttribute("data-login-url") || "/console/login";
  var locale = document.documentElement.lang || "en";

  /* Return the console text `key` in the advisor's language, with {name} placeholders filled. */
  function t(key, vars) {
    var text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, function (whole, name) {
        return Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole;
      });
    }
    return text;
  }

  /* Build an element. Attributes: class, text, on<event> handlers, booleans, anything else as
     attribute. Children: nodes or strings (strings become text nodes, never markup). */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    var key;
    attrs = attrs || {};
    for (key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
      var value = attrs[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") {
        node.textContent = String(value);
      } else if (key === "class") {
        node.className = value;
      } else if (key.slice(0, 2) === "on" && typeof value === "function") {
        node.addEventListener(key.slice(2), value);
      } else if (key === "value") {
        node.value = value;
      } else if (key === "checked" || key === "selected" || key === "disabled" ||
                 key === "hidden" || key === "required" || key === "multiple") {
        node[key] = Boolean(value);
      } else if (key === "dataset") {
        Object.keys(value).forEach(function (name) { node.dataset[name] = value[name]; });
      } else {
        node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) {
      child.forEach(function (c) { append(node, c); });
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }

  /* Remove every child of a node. */
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /* Call the REST API with the session cookie and CSRF token; resolve with the JSON body.
     Errors throw an Error with the server's translated message, .status and .fields. */
  function api(method, path, payload) {
    method = (method || "GET").toUpperCase();
    var url = path.indexOf("/api/") === 0 || /^https?:/.test(path) ? path : apiBase + path;
    var headers = {"Accept": "application/json", "X-HelpWidget-Locale": locale};
    var options = {method: method, headers: headers, credentials: "same-origin"};
    if (method !== "GET" && method !== "HEAD") {
      headers["X-CSRFToken"] = csrfMeta ? csrfMeta.getAttribute("content") : "";
    }
    if (payload !== undefined) {
      headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(payload);
    }
    return fetch(url, options).then(function (response) {
      if (response.status === 204) return null;
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.ok) return data;
        if (response.status === 401) {
          // The session ended (sign-out elsewhere, password change): back to the sign-in page.
          window.location.assign(loginUrl);
        }
        var error = new Error((data && data.error) || t("error.generic"));
        error.status = response.status;
        error.fields = (data && data.fields) || {};
        error.code = data && data.code;
        throw error;
      });
    }, function () {
      throw new Error(t("error.network"));
    });
  }

  /* Format an ISO time in the advisor's language, or "" for none. */
  function formatTime(iso) {
    if (!iso) return "";
    var date = new Date(iso);
    if (isNaN(date.getTime())) return "";
    try {
      return new Intl.DateTimeFormat(locale, {dateStyle: "short", timeStyle: "short"})
        .format(date);
    } catch (e) {
      return date.toLocaleString();
    }
  }

  /* Say how far away an ISO time is ("in 3 hours", "2 days ago"). */
  function relativeTime(iso) {
    if (!iso) return "";
    var seconds = (new Date(iso).getTime() - Date.now()) / 1000;
    var units = [["day", 86400], ["hour", 3600], ["minute", 60]];
    try {
      var format = new Intl.RelativeTimeFormat(locale, {numeric: "auto"});
      for (var i = 0; i < units.length; i++) {
        if (Math.abs(seconds) >= units[i][1] || i === units.length - 1) {
          return format.format(Math.round(seconds / units[i][1]), units[i][0]);
        }
      }
    } catch (e) { /* old browsers: the absolute time below is enough */ }
    return formatTime(iso);
  }

  // ---- toasts, sound and browser notifications ----------------------------------------

  var toasts = document.getElementById("toasts");
  var audio = null;

  /* Show an in-page message; a click runs onClick. Urgent ones stay until dismissed. */
  function toast(title, text, options) {
    options = options || {};
    var close = el("button", {type: "button", class: "toast-close", "aria-label": t("close"),
                              text: "×"});
    var item = el("div", {class: "toast" + (options.urgent ? " urgent" : "") +
                          (options.error ? " error" : ""),
                          role: options.urgent || options.error ? "alert" : "status"},
                  el("strong", {text: title}), text ? el("p", {text: text}) : null, close);
    function dismiss() { if (item.parentNode) item.parentNode.removeChild(item); }
    close.addEventListener("click", function (event) { event.stopPropagation(); dismiss(); });
    if (options.onClick) {
      item.classList.add("clickable");
      item.tabIndex = 0;
      item.addEventListener("click", function () { dismiss(); options.onClick(); });
      item.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { dismiss(); options.onClick(); }
      });
    }
    toasts.appendChild(item);
    if (!options.urgent) setTimeout(dismiss, options.error ? 10000 : 6000);
    return item;
  }

  /* Unlock sound (browsers allow it only after a user gesture). */
  function unlockAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    if (!audio) {
      try { audio = new Context(); } catch (e) { audio = null; return; }
    }
    if (audio.state === "suspended") audio.resume().catch(function () {});
  }

  /* Play a short beep (two for urgent alerts) with an oscillator: no audio file needed. */
  function beep(urgent) {
    if (!audio || audio.state !== "running") return;
    var count = urgent ? 2 : 1;
    for (var i = 0; i < count; i++) {
      var start = audio.currentTime + i * 0.25;
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = urgent ? 880 : 660;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(start);
      osc.stop(start + 0.2);
    }
  }

  /* Alert the advisor: a sound, a browser notification when allowed, and always a toast. */
  function notify(title, text, options) {
    options = options || {};
    beep(options.urgent);
    if ("Notification" in window && Notification.permission === "granted") {
      try {
        var shown = new Notification(title, {body: text || "", tag: options.tag || undefined,
                                             requireInteraction: Boolean(options.urgent)});
        shown.onclick = function () {
          window.focus();
          shown.close();
          if (options.onClick) options.onClick();
        };
      } catch (e) { /* some browsers only notify from a service worker: the toast remains */ }
    }
    return toast(title, text, options);
  }

  var alertsButton = document.getElementById("enable-alerts");

  function refreshAlertsButton() {
    if (!alertsButton) return;
    alertsButton.hidden = !("Notification" in window) || Notification.permission !== "default";
  }

  if (alertsButton) {
    alertsButton.addEventListener("click", function () {
      unlockAudio();
      if ("Notification" in window && Notification.permission === "default") {
        Notification.requestPermission().then(refreshAlertsButton, refreshAlertsButton);
      }
    });
  }
  // Any click counts as the gesture that lets the console play sounds later.
  document.addEventListener("click", unlockAudio, {capture: true});

  // ---- tabs -----------------------------------------------------------------------------

  var tabs = Array.prototype.slice.call(document.querySelectorAll("[data-view-tab]"));
  var mounted = {};

  /* Show the view `name` (chats, tickets, articles) and mount it the first time. */
  function show(name) {
    var found = false;
    tabs.forEach(function (tab) {
      var mine = tab.getAttribute("data-view-tab") === name && !tab.hidden;
      found = found || mine;
    });
    if (!found) name = tabs.length ? tabs[0].getAttribute("data-view-tab") : name;
    tabs.forEach(function (tab) {
      var mine = tab.getAttribute("data-view-tab") === name;
      tab.setAttribute("aria-selected", mine ? "true" : "false");
      tab.tabIndex = mine ? 0 : -1;
      var panel = document.getElementById("view-" + tab.getAttribute("data-view-tab"));
      if (panel) panel.hidden = !mine;
    });
    if (window.location.hash !== "#" + name) {
      history.replaceState(null, "", "#" + name);
    }
    var view = HWConsole.views[name];
    if (view && typeof view.show === "function") view.show();
    return name;
  }

  tabs.forEach(function (tab) {
    tab.addEventListener("click", function () { show(tab.getAttribute("data-view-tab")); });
    tab.addEventListener("keydown", function (event) {
      var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      var visible = tabs.filter(function (x) { return !x.hidden; });
      var next = visible[(visible.indexOf(tab) + step + visible.length) % visible.length];
      next.focus();
      show(next.getAttribute("data-view-tab"));
    });
  });

  // ---- presence, language, live status ----------------------------------------------------

  var presenceButton = document.getElementById("presence");
  var liveBadge = document.getElementById("live");

  function setPresence(status) {
    if (!presenceButton) return;
    presenceButton.setAttribute("data-status", status);
    presenceButton.setAttribute("aria-pressed", status === "online" ? "true" : "false");
    presenceButton.textContent = t(status === "online" ? "presence.online" : "presence.away");
    presenceButton.title = t(status === "online" ? "presence.go_away" : "presence.go_online");
  }

  function setLive(state) {
    if (!liveBadge) return;
    liveBadge.setAttribute("data-state", state);
    liveBadge.textContent = t("live." + state);
  }

  var languageSelect = document.getElementById("console-language");
  if (languageSelect) {
    languageSelect.addEventListener("change", function () { languageSelect.form.submit(); });
    var languageButton = languageSelect.form.querySelector("button");
    if (languageButton) languageButton.hidden = true;
  }

  // ---- the console object --------------------------------------------------------------

  var HWConsole = window.HWConsole = {
    t: t,
    el: el,
    clear: clear,
    api: api,
    notify: notify,
    toast: toast,
    show: show,
    formatTime: formatTime,
    relativeTime: relativeTime,
    locale: locale,
    /* Return the full address of an API path ("/advisor/me" -> "/api/v1/advisor/me"). */
    apiUrl: function (path) { return apiBase + path; },
    me: null,
    socket: null,
    views: {},
    /* Tell whether the signed-in advisor is an admin of the site `key` (or of any site). */
    isAdmin: function (key) {
      var sites = (HWConsole.me && HWConsole.me.sites) || [];
      return sites.some(function (s) { return s.role === "admin" && (!key || s.key === key); });
    },
    /* Show a failed call's message as an error toast. */
    fail: function (error) {
      toast(t("error.title"), (error && error.message) || t("error.generic"), {error: true});
    }
  };

  function connectSocket() {
    if (typeof window.io !== "function") {
      setLive("offline");
      return null;
    }
    // The session cookie authenticates the connection: no token ever reaches this script.
    var socket = window.io("/advisor", {withCredentials: true});
    socket.on("connect", function () { setLive("online"); });
    socket.on("disconnect", function () { setLive("offline"); });
    socket.on("connect_error", function () { setLive("offline"); });
    return socket;
  }

  if (presenceButton) {
    setPresence(presenceButton.getAttribute("data-status") || "away");
    presenceButton.addEventListener("click", function () {
      var wanted = presenceButton.getAttribute("data-status") === "online" ? "away" : "online";
      var socket = HWConsole.socket;
      if (!socket || !socket.connected) {
        toast(t("error.title"), t("live.not_connected"), {error: true});
        return;
      }
      presenceButton.disabled = true;
      socket.timeout(8000).emit("presence:set", {status: wanted}, function (err, ack) {
        presenceButton.disabled = false;
        if (err || !ack || !ack.ok) {
          var message = ack && ack.error && ack.error.message;
          toast(t("error.title"), message || t("live.not_connected"), {error: true});
          return;
        }
        setPresence(ack.status || wanted);
      });
    });
  }

  function start() {
    refreshAlertsButton();
    setLive("connecting");
    HWConsole.socket = connectSocket();
    api("GET", "/advisor/me").then(function (me) {
      HWConsole.me = me;
      var name = document.getElementById("me-name");
      if (name) name.textContent = me.name;
      var articlesTab = document.querySelector('[data-view-tab="articles"]');
      if (articlesTab) articlesTab.hidden = !HWConsole.isAdmin();
      Object.keys(HWConsole.views).forEach(function (key) {
        var panel = document.getElementById("view-" + key);
        var tab = document.querySelector('[data-view-tab="' + key + '"]');
        if (!panel || (tab && tab.hidden) || mounted[key]) return;
        mounted[key] = true;
        try {
          HWConsole.views[key].mount(panel);
        } catch (error) {
          if (window.console) window.console.error(error);
        }
      });
      show((window.location.hash || "").replace(/^#/, "").split("/")[0] || "chats");
    }, function (error) {
      HWConsole.fail(error);
    });
  }

  document.addEventListener("DOMContentLoaded", start);
}());
