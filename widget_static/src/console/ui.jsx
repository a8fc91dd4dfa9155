// Small pieces several views share: options, labelled fields, term-value facts, error lines.

import { t } from "./i18n.js";
import { PER_PAGE } from "./paged_list.js";

/** An <option>; `selected` matters where the select is not controlled by a value. */
export function Option({ value, label, selected }) {
  return <option value={value} selected={selected}>{label}</option>;
}

/** A control with its visible label around it. */
export function Labelled({ text, children }) {
  return <label class="field"><span>{text}</span>{children}</label>;
}

/** A term and its value in a <dl>. */
// Marks what came by email: quoting and signatures were cut from it, so it may read short.
export function ByEmail() {
  return <span class="badge by-email" title={t("mail.by_email_hint")}>{t("mail.by_email")}</span>;
}

export function Fact({ term, value, cls }) {
  return [<dt>{term}</dt>, <dd class={cls || undefined}>{value}</dd>];
}

/** The lines of text in the server's field messages (lists, or per-item objects). */
export function messageLines(value) {
  if (!value) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(messageLines);
  return Object.values(value).flatMap(messageLines);
}

/** Run `fn` once `ms` have passed without another call. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Previous and next buttons of a paged list, with "page n of m" between (strings under `words`). */
export function Pager({ list, words }) {
  const pages = Math.max(1, Math.ceil(list.total.value / PER_PAGE));
  const go = (step) => {
    list.page.value += step;
    list.reload(false);
  };
  return (
    <div class="pager">
      <button type="button" class="secondary" disabled={list.page.value <= 1} onClick={() => go(-1)}>
        {t(`${words}.previous`)}
      </button>
      <span class="page-info">{t(`${words}.page`, { page: list.page.value, pages })}</span>
      <button type="button" class="secondary" disabled={list.page.value >= pages} onClick={() => go(1)}>
        {t(`${words}.next`)}
      </button>
    </div>
  );
}
