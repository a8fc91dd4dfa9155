// The pretend host product of /demo: single-page navigation, and buttons that drive the widget.
// Loaded before widget.js, so the command queue below catches calls made before it arrives.
window.HelpWidget = window.HelpWidget || function () {
  (window.HelpWidget.q = window.HelpWidget.q || []).push(arguments);
};

(function () {
  "use strict";
  var SIGNED_IN = "helpwidget-demo-signed-in";
  var config, locale;

  function widget() {
    window.HelpWidget.apply(null, arguments);
  }

  // "/invoices/:id" matches "/invoices/FE-1042"; returns the parameters, or null.
  function match(pattern, route) {
    var want = pattern.split("/"), have = route.split("/"), params = {};
    if (want.length !== have.length) return null;
    for (var i = 0; i < want.length; i++) {
      if (want[i].charAt(0) === ":") params[want[i].slice(1)] = decodeURIComponent(have[i]);
      else if (want[i] !== have[i]) return null;
    }
    return params;
  }

  function appRoute() {
    var path = location.pathname.replace(/\/+$/, "");
    var route = path.indexOf(config.base) === 0 ? path.slice(config.base.length) : "";
    return route || config.home;
  }

  function render() {
    var route = appRoute(), shown = null, params = {};
    var screens = [].slice.call(document.querySelectorAll("[data-screen]"));
    // Exact screens before ones with parameters.
    screens.forEach(function (screen) {
      var pattern = screen.getAttribute("data-screen");
      if (!shown && pattern === route) shown = screen;
    });
    screens.forEach(function (screen) {
      var pattern = screen.getAttribute("data-screen");
      var found = pattern && match(pattern, route);
      if (!shown && found) {
        shown = screen;
        params = found;
      }
    });
    shown = shown || document.querySelector('[data-screen=""]');
    screens.forEach(function (screen) { screen.hidden = screen !== shown; });
    [].slice.call(shown.querySelectorAll("[data-param]")).forEach(function (node) {
      node.textContent = params[node.getAttribute("data-param")] || "";
    });
    [].slice.call(document.querySelectorAll(".app-nav a")).forEach(function (link) {
      if (link.getAttribute("data-route") === route) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
    document.title = shown.querySelector("h1").textContent + " · " + config.name;
    return route;
  }

  // The loader reports the browser's path by itself after pushState; the product's own route
  // (without the /demo/<site> prefix) is what the articles are keyed to, so it is sent after.
  function tellWidget(route) {
    setTimeout(function () { widget("setRoute", route, document.title); });
  }

  function navigate(href) {
    history.pushState({}, "", href);
    tellWidget(render());
    var main = document.getElementById("main");
    main.focus();
    main.scrollIntoView();
  }

  function log(name, data) {
    var item = document.createElement("li");
    var time = new Date().toLocaleTimeString();
    item.textContent = time + "  " + name + (data === undefined ? "" : "  " + JSON.stringify(data));
    var list = document.getElementById("demo-events");
    list.insertBefore(item, list.firstChild);
    while (list.children.length > 30) list.removeChild(list.lastChild);
  }

  function showIdentity(name) {
    document.getElementById("demo-identity").textContent = name ? config.text.signed_in : config.text.signed_out;
    var user = document.getElementById("demo-user");
    user.textContent = name || "";
    user.hidden = !name;
    document.querySelector('[data-action="sign-in"]').hidden = !!name;
    document.querySelector('[data-action="sign-out"]').hidden = !name;
  }

  function signIn() {
    var url = config.base + "/identity?locale=" + encodeURIComponent(locale);
    return fetch(url, { method: "POST", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (body) {
        widget("identify", body.jwt);
        sessionStorage.setItem(SIGNED_IN, "1");
        showIdentity(body.user);
      })
      .catch(function () {
        document.getElementById("demo-identity").textContent = config.text.failed;
      });
  }

  function signOut() {
    widget("logout");
    sessionStorage.removeItem(SIGNED_IN);
    showIdentity(null);
  }

  var actions = {
    open: function () { widget("open"); },
    search: function () { widget("search", config.try.search); },
    article: function () { widget("openArticle", config.try.article); },
    ticket: function () { widget("newTicket", config.try.ticket); },
    chat: function () { widget("startChat", config.try.chat); },
    "sign-in": signIn,
    "sign-out": signOut,
  };

  function start() {
    config = JSON.parse(document.getElementById("demo-config").textContent);
    locale = document.documentElement.lang;
    ["ready", "open", "close", "unread", "ticket_created", "chat_message"].forEach(function (name) {
      widget("on", name, function (data) { log(name, data); });
    });
    var route = render();
    widget("setRoute", route, document.title);
    if (sessionStorage.getItem(SIGNED_IN)) signIn(); // a fresh token for the new page

    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-spa]");
      if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
        event.preventDefault();
        navigate(link.getAttribute("href"));
        return;
      }
      var button = event.target.closest("button[data-action], button[data-locale]");
      if (!button) return;
      if (button.hasAttribute("data-locale")) {
        locale = button.getAttribute("data-locale");
        widget("setLocale", locale);
      } else {
        actions[button.getAttribute("data-action")]();
      }
    });
    // The product's own "?" opens the widget (data-launcher); it also shows unread chat messages.
    widget("on", "unread", function (count) {
      var badge = document.getElementById("demo-unread");
      badge.textContent = count > 9 ? "9+" : String(count);
      badge.hidden = !count;
    });
    window.addEventListener("popstate", function () { tellWidget(render()); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
