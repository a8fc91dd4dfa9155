// The views' modules: the menu comes with the panel; every other view is a chunk of its own,
// fetched when first shown (or pointed at in the menu), so the first open carries the menu alone.
import { signal } from "@preact/signals";

const MODULES = {
  search: () => import("./views/search.jsx"),
  article: () => import("./views/article.jsx"),
  page_help: () => import("./views/page_help.jsx"),
  chat: () => import("./views/chat.jsx"),
  requests: () => import("./views/requests.jsx"),
  request: () => import("./views/request.jsx"),
  new_request: () => import("./views/new_request.jsx"),
  trainings: () => import("./views/trainings.jsx"),
  remote_support: () => import("./views/remote_support.jsx"),
  speed_test: () => import("./views/speed_test.jsx"),
  status: () => import("./views/status.jsx"),
  contact: () => import("./views/contact.jsx"),
};

/** Every view's name as the router and the host's `open` know it, the menu first. */
export const VIEW_NAMES = ["home", ...Object.keys(MODULES)];

/** The components of the views fetched so far, by name. */
export const loaded = signal({});
/** The name of the view whose module could not be fetched (offline), until it is tried again. */
export const failed = signal(null);
const pending = new Set();

/** Fetch the module of view `name` once; `loaded` gets its component. */
export function preload(name) {
  if (!MODULES[name] || loaded.peek()[name] || pending.has(name)) return;
  pending.add(name);
  if (failed.peek() === name) failed.value = null;
  MODULES[name]().then((module) => {
    loaded.value = { ...loaded.peek(), [name]: module.default };
  }, () => {
    failed.value = name;
  }).finally(() => pending.delete(name));
}
