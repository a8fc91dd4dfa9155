// Incoming mail's state: which site's emails are shown (and which of them), the page of them,
// and trying one again.
import { signal } from "@preact/signals";
import { api } from "./api.js";
import { t } from "./i18n.js";
import { me, sites } from "./me.js";
import { pagedList } from "./paged_list.js";
import { fail, toast } from "./toasts.jsx";

export const VIEWS = ["held", "dropped", "failed", "posted", "all"];
// The owner's choice of the mail that matched no site (the API is then called without a site).
export const NO_SITE = "-";

export const filters = signal({ site: "", state: "held" });
/** The ids of the emails being tried again, whose buttons wait. */
export const trying = signal(new Set());

export const mail = pagedList("/advisor/inbound-mail", "emails", () => {
  const f = filters.peek();
  const params = new URLSearchParams({ state: f.state });
  if (f.site !== NO_SITE) params.set("site", f.site);
  return params;
});

/** Whether the advisor may see mail that matched no site. */
export const seesUnmatched = () => Boolean(me.value && me.value.is_owner);

/** Pick the first site once the advisor is known (the list is always of one site). */
export function chooseSite() {
  if (filters.peek().site) return;
  const first = sites()[0];
  filters.value = { ...filters.peek(), site: first ? first.key : seesUnmatched() ? NO_SITE : "" };
}

/** Show the emails of another site, or another state of them, from the first page. */
export function pick(name, value) {
  filters.value = { ...filters.peek(), [name]: value };
  mail.reload(true);
}

/** Run an email through the rules again; say what became of it and refresh the page. */
export async function retry(id) {
  trying.value = new Set([...trying.peek(), id]);
  try {
    const email = await api("POST", `/advisor/inbound-mail/${encodeURIComponent(id)}/retry`);
    if (email.state === "posted") toast(t("mail.retried_posted"), "");
    else toast(t("mail.retried_held"), email.reason_text || "");
    await mail.reload(false);
  } catch (error) {
    fail(error);
  } finally {
    const left = new Set(trying.peek());
    left.delete(id);
    trying.value = left;
  }
}
