// The panel's entry: render the views, apply the site's colour and obey the host page's commands.
import { effect } from "@preact/signals";
import { render } from "preact";
import App, { VIEWS } from "./app.jsx";
import { onHost, post } from "./bridge.js";
import { focusPanel, moveFocus, trapFocus } from "./focus.js";
import { setLocale } from "./i18n.js";
import { show } from "./router.js";
import { identify, logout } from "./session.js";
import { config, hostRoute, unread, visible } from "./state.js";
import { applyBrand } from "./theme.js";
import "./panel.css";

const root = document.getElementById("hw-root");

/** `value` if it is a string, cut to `max` characters; "" otherwise (host data is not trusted). */
function text(value, max) {
  return typeof value === "string" ? value.slice(0, max) : "";
}

/** `value` if it is a plain object, else {}. */
function object(value) {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

applyBrand(config.value?.site?.brand_color);

onHost("identify", (data) => {
  identify(text(object(data).jwt, 8192)).catch((error) => {
    post("event", { name: "identify_failed", data: { code: error.code || null, message: error.message } });
  });
});
onHost("logout", () => logout().catch(() => null));
onHost("route", (data) => {
  hostRoute.value = { route: text(object(data).route, 2000) || "/", title: text(object(data).title, 300) };
});
onHost("locale", (data) => setLocale(text(object(data).locale, 16)).catch(() => false));
onHost("open", (data) => {
  const { view, params } = object(data);
  if (Object.prototype.hasOwnProperty.call(VIEWS, view)) show(view, object(params));
});
onHost("search", (data) => show("search", { q: text(object(data).q, 200) }));
onHost("article", (data) => show("article", { slug: text(object(data).slug, 200) }));
onHost("new_ticket", (data) => {
  // Both newTicket({subject, ...}) and newTicket({fields: {subject, ...}}) prefill the form.
  const given = object(data);
  show("new_request", { ...(given.fields ? object(given.fields) : given) });
});
onHost("start_chat", (data) => show("chat", { message: text(object(data).message, 4000) }));
onHost("shown", () => {
  visible.value = true;
  focusPanel(root);
});
// The host caught a Tab meant for the panel (see the loader): it moves focus here instead.
onHost("tab", (backwards) => moveFocus(root, backwards === true));
onHost("hidden", () => {
  visible.value = false;
});

let reported = unread.value;
effect(() => {
  const count = unread.value;
  if (count !== reported) {
    reported = count;
    post("unread", { count });
  }
});

render(<App />, root);
trapFocus(root);
post("ready");
