// A list the console pages through (tickets, public posts): its page, total and rows, loaded
// one page at a time from the advisor API.
import { batch, signal } from "@preact/signals";
import { api } from "./api.js";

export const PER_PAGE = 50;

/** A list whose rows come from `path` under the answer's `key`; `params()` gives its filters. */
export function pagedList(path, key, params) {
  const list = {
    page: signal(1),
    total: signal(0),
    rows: signal(null), // null until the first page comes
    error: signal(null),
  };
  /** Load the list (from its first page when `fromStart`). */
  list.reload = async (fromStart) => {
    if (fromStart) list.page.value = 1;
    const query = params();
    query.set("page", String(list.page.peek()));
    query.set("per_page", String(PER_PAGE));
    try {
      const data = await api("GET", `${path}?${query}`);
      batch(() => {
        list.total.value = data.total;
        list.rows.value = data[key] || [];
        list.error.value = null;
      });
    } catch (error) {
      list.error.value = error.message;
    }
  };
  return list;
}
