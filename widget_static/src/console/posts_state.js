// Public posts' state: the review queue's filters and page, and the post open on the right.
import { signal } from "@preact/signals";
import { api } from "./api.js";
import { pagedList } from "./paged_list.js";
import { t } from "./i18n.js";
import { fail, toast } from "./toasts.jsx";

export const STATES = ["pending", "published", "hidden"];
export const KINDS = ["comment", "question", "answer"];

export const filters = signal({ site: "", state: "", kind: "" });
/** The open post as {post, key} (each opening renders it afresh), or null. */
export const current = signal(null);
let opened = 0;

/** The review queue, filtered by site, state and kind. */
export const queue = pagedList("/advisor/posts", "posts", () => {
  const f = filters.peek();
  const params = new URLSearchParams();
  for (const name of ["site", "state", "kind"]) if (f[name]) params.set(name, f[name]);
  return params;
});
export const { page, total, rows: posts, error: listError, reload } = queue;

/** Open the post `id` on the right. */
export async function open(id) {
  try {
    const post = await api("GET", `/advisor/posts/${id}`);
    opened += 1;
    current.value = { post, key: opened };
  } catch (error) {
    fail(error);
  }
}

/** Run an action on the open post, say it is done, then show the post (or none) as it is now.
 * Rejects with the server's error. */
export async function act(method, path, payload, done) {
  const id = current.peek().post.id;
  const result = await api(method, `/advisor/posts/${id}${path}`, payload);
  toast(t(done), "");
  reload(false);
  if (method === "DELETE") current.value = null;
  else await open(id);
  return result;
}

/** act(), with a failure shown as an error toast. */
export const actOrSay = (...args) => act(...args).catch(fail);
