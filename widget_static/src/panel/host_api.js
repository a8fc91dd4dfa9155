// The host page's JS API calls as the loader relays them: each checked, and a view, option or
// value that does not exist is named back to the host (console warning and `error` event).
import { api } from "./api.js";
import { onHost, post } from "./bridge.js";
import { setLocale } from "./i18n.js";
import { show } from "./router.js";
import { identify, logout } from "./session.js";
import { hostRoute } from "./state.js";
import { VIEW_NAMES } from "./view_loader.js";

const PRIORITIES = ["low", "normal", "high"];
// The options each view takes from the host ("open", view, {options}); others take none.
const OPTIONS = {
  search: ["q", "kind"],
  article: ["slug"],
  request: ["number"],
  chat: ["message"],
  new_request: ["category", "subcategory", "subject", "description", "priority", "platform"],
};
const KINDS = ["article", "faq", "video", "download"];

/** `value` if it is a string, cut to `max` characters; "" otherwise (host data is not trusted). */
function text(value, max) {
  return typeof value === "string" ? value.slice(0, max) : "";
}

/** `value` if it is a plain object, else {}. */
function object(value) {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

/** Tell the host page (its console and its `error` listeners) what it asked for that is wrong. */
export function warnHost(code, message) {
  post("warn", { code, message });
}

/** Warn of an unknown `what` (view, option, category...) named `value`, listing the valid ones. */
function unknown(what, value, valid, where = "") {
  warnHost(`unknown_${what}`, `unknown ${what} "${text(String(value), 100)}"${where}; ` +
    `use one of: ${valid.join(", ") || "(none)"}`);
}

/**
 * The options of `view` the host gave that exist, as strings; the others are warned of and
 * dropped. `number` (a request's) may be a number.
 */
function options(view, given) {
  const valid = OPTIONS[view] || [];
  const kept = {};
  for (const [name, value] of Object.entries(object(given))) {
    if (!valid.includes(name)) {
      unknown("option", name, valid, ` of view "${view}"`);
    } else if (typeof value === "string" || (name === "number" && Number.isInteger(value))) {
      kept[name] = typeof value === "string" ? value.slice(0, name === "description" ? 20000 : 4000) : value;
    } else if (value !== undefined && value !== null) {
      warnHost("invalid_argument", `option "${name}" of view "${view}" must be a string`);
    }
  }
  if (kept.kind && !KINDS.includes(kept.kind)) {
    unknown("kind", kept.kind, KINDS);
    delete kept.kind;
  }
  if (kept.priority && !PRIORITIES.includes(kept.priority)) {
    unknown("priority", kept.priority, PRIORITIES);
    delete kept.priority;
  }
  return kept;
}

/**
 * Check a request form's prefill against the site's request types (the cards), their
 * subcategories and platforms; what does not exist is warned of and dropped, the rest kept.
 */
async function checkRequest(fields) {
  if (!fields.category && !fields.subcategory && !fields.platform) return fields;
  let types;
  try {
    types = await api("GET", "/ticket-categories");
  } catch {
    return fields; // offline: the form checks again when it is sent
  }
  const kept = { ...fields };
  const categories = types.categories || [];
  const category = categories.find((c) => c.key === kept.category);
  if (kept.category && !category) {
    unknown("category", kept.category, categories.map((c) => c.key));
    delete kept.category;
  }
  if (kept.subcategory) {
    const subcategories = category ? category.subcategories || [] : [];
    if (!subcategories.some((s) => s.key === kept.subcategory)) {
      unknown("subcategory", kept.subcategory, subcategories.map((s) => s.key),
        category ? ` of category "${category.key}"` : " without a category");
      delete kept.subcategory;
    }
  }
  if (kept.platform && !(types.platforms || []).includes(kept.platform)) {
    unknown("platform", kept.platform, types.platforms || []);
    delete kept.platform;
  }
  return kept;
}

// The host's commands arrive in order; one waiting for the request types must not show its view
// after a later command showed another.
let latest = 0;

/** Show `view` with the host's `params`, checked. */
async function open(view, params) {
  const call = ++latest;
  let kept = options(view, params);
  if (view === "new_request") kept = await checkRequest(kept);
  if (call === latest) show(view, kept);
}

/** The code of a failed identify, as the README lists them. */
function failure(error) {
  if (error.code) return error.code; // the server's (expired, invalid, too_long) or offline
  if (error.status === 429) return "rate_limited";
  return error.status >= 500 ? "unavailable" : "invalid";
}

onHost("identify", (data) => {
  const jwt = text(object(data).jwt, 8192);
  const done = jwt ? identify(jwt) : Promise.reject({ code: "invalid", message: "no token" });
  done.catch((error) => {
    post("event", { name: "identify_failed", data: { code: failure(error), message: error.message } });
  });
});
onHost("logout", () => logout().catch(() => null));
onHost("route", (data) => {
  hostRoute.value = { route: text(object(data).route, 2000) || "/", title: text(object(data).title, 300) };
});
onHost("locale", (data) => setLocale(text(object(data).locale, 16)).catch(() => false));
onHost("open", (data) => {
  const { view, params } = object(data);
  // The menu item's name is taken too: my_requests shows "requests".
  const name = view === "my_requests" ? "requests" : view;
  if (VIEW_NAMES.includes(name)) open(name, params);
  else unknown("view", view, VIEW_NAMES);
});
onHost("search", (data) => open("search", { q: object(data).q }));
onHost("article", (data) => open("article", { slug: object(data).slug }));
onHost("new_ticket", (data) => {
  // Both newTicket({subject, ...}) and newTicket({fields: {subject, ...}}) prefill the form.
  const given = object(data);
  open("new_request", given.fields ? object(given.fields) : given);
});
onHost("start_chat", (data) => open("chat", { message: object(data).message }));
