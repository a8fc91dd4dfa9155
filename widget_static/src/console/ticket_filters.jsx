// The ticket inbox's filters: site, status, priority, category, assignee, SLA, label, search.
import { useState } from "preact/hooks";
import { t } from "./i18n.js";
import { labelsOfSites } from "./labels_state.js";
import { sites } from "./me.js";
import { PRIORITIES, STATUSES, categoryChoices, filters, loadCategories, reload } from "./tickets_state.js";
import { Labelled, Option, debounce } from "./ui.jsx";

const searchSoon = debounce(() => reload(true), 350);

function set(name, value) {
  filters.value = { ...filters.peek(), [name]: value };
}

/** A label's name, typed or picked from the labels of the chosen site (or of all sites). */
function LabelFilter({ value }) {
  const [choices, setChoices] = useState([]);
  const suggest = () => {
    const site = filters.peek().site;
    labelsOfSites(site ? [site] : sites().map((s) => s.key)).then(setChoices);
  };
  return (
    <Labelled text={t("labels.filter")}>
      <input type="search" name="label" list="ticket-label-choices" maxlength="40"
        placeholder={t("labels.filter_placeholder")} value={value} onFocus={suggest}
        onInput={(event) => { set("label", event.currentTarget.value); searchSoon(); }} />
      <datalist id="ticket-label-choices">{choices.map((name) => <option value={name} />)}</datalist>
    </Labelled>
  );
}

export function TicketFilters() {
  const f = filters.value;
  const pick = (name) => (event) => set(name, event.currentTarget.value);
  const tick = (name) => (event) => set(name, event.currentTarget.checked);
  const onChange = (event) => {
    if (event.target.name === "site") loadCategories();
    reload(true);
  };
  return (
    <form class="filters" role="search" aria-label={t("tickets.filters")} onChange={onChange}
      onSubmit={(event) => { event.preventDefault(); reload(true); }}>
      <Labelled text={t("tickets.site")}>
        <select name="site" value={f.site} onInput={pick("site")}>
          <Option value="" label={t("tickets.all_sites")} />
          {sites().map((s) => <Option value={s.key} label={s.name} />)}
        </select>
      </Labelled>
      <Labelled text={t("tickets.status")}>
        <select name="status" value={f.status} onInput={pick("status")}>
          <Option value="" label={t("tickets.not_closed")} />
          {STATUSES.map((s) => <Option value={s} label={t(`status.${s}`)} />)}
        </select>
      </Labelled>
      <Labelled text={t("tickets.priority")}>
        <select name="priority" value={f.priority} onInput={pick("priority")}>
          <Option value="" label={t("tickets.any_priority")} />
          {PRIORITIES.map((p) => <Option value={p} label={t(`priority.${p}`)} />)}
        </select>
      </Labelled>
      <Labelled text={t("tickets.category")}>
        <select name="category" value={f.category} onInput={pick("category")}>
          <Option value="" label={t("tickets.any_category")} />
          {categoryChoices.value.map((c) => <Option value={c.key} label={c.title} />)}
        </select>
      </Labelled>
      <Labelled text={t("tickets.assignee")}>
        <select name="assignee" value={f.assignee} onInput={pick("assignee")}>
          <Option value="" label={t("tickets.anyone")} />
          <Option value="me" label={t("tickets.mine")} />
          <Option value="none" label={t("tickets.unassigned")} />
        </select>
      </Labelled>
      <label class="check">
        <input type="checkbox" name="breached" checked={f.breached} onInput={tick("breached")} />
        {t("tickets.breached")}
      </label>
      <label class="check">
        <input type="checkbox" name="escalated" checked={f.escalated} onInput={tick("escalated")} />
        {t("tickets.escalated")}
      </label>
      <LabelFilter value={f.label} />
      <Labelled text={t("tickets.search")}>
        <input type="search" name="q" maxlength="200" placeholder={t("tickets.search_placeholder")}
          value={f.q} onInput={(event) => { set("q", event.currentTarget.value); searchSoon(); }} />
      </Labelled>
    </form>
  );
}
