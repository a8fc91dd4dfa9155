// Above the inbox list: "select all on this page" and, once tickets are chosen, one change to
// all of them (assignee, status, priority, a label) with what it did to each.
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "./i18n.js";
import { me } from "./me.js";
import { changeChosen, choosePage, chosenRows, outcome, working } from "./ticket_selection.js";
import { PRIORITIES, STATUSES, team, tickets } from "./tickets_state.js";
import { Option, messageLines } from "./ui.jsx";
import "./ticket_actions.css";

/** The advisors of the chosen tickets' sites, each once (a site's ticket refuses a stranger). */
function useMembers(siteKeys) {
  const [members, setMembers] = useState([]);
  const key = siteKeys.join(",");
  useEffect(() => {
    let live = true;
    Promise.all(siteKeys.map(team)).then((lists) => {
      const seen = new Map();
      for (const advisor of lists.flat()) seen.set(advisor.id, advisor);
      if (live) setMembers([...seen.values()].sort((a, b) => a.name.localeCompare(b.name)));
    });
    return () => { live = false; };
  }, [key]);
  return members;
}

/** A select that makes its change when picked and goes back to its title. */
function Change({ name, title, options, toChange }) {
  return (
    <select name={name} aria-label={title} disabled={working.value} onChange={(event) => {
      const value = event.currentTarget.value;
      event.currentTarget.value = "";
      if (value) changeChosen(toChange(value));
    }}>
      <Option value="" label={title} />
      {options.map(([value, label]) => <Option value={value} label={label} />)}
    </select>
  );
}

function LabelForm() {
  const input = useRef(null);
  const add = (event) => {
    event.preventDefault();
    const name = input.current.value.trim();
    if (!name) {
      input.current.focus();
      return;
    }
    changeChosen({ label: name }).then(() => { input.current.value = ""; });
  };
  return (
    <form class="bulk-label" onSubmit={add}>
      <input name="bulk_label" ref={input} maxlength="40" aria-label={t("bulk.label")}
        placeholder={t("bulk.label_placeholder")} disabled={working.value} />
      <button type="submit" class="secondary" disabled={working.value}>{t("bulk.add_label")}</button>
    </form>
  );
}

function Outcome() {
  const done = outcome.value;
  if (working.value) return <p class="bulk-outcome" role="status">{t("bulk.working")}</p>;
  if (!done) return <p class="bulk-outcome" role="status" />;
  if (done.error) {
    const lines = [...new Set([done.error, ...messageLines(done.fields)])];
    return <p class="bulk-outcome error" role="alert">{lines.join(" ")}</p>;
  }
  return (
    <div class="bulk-outcome" role="status">
      <p>
        {t("bulk.changed", { count: done.changed.length })}
        {done.refused.length ? ` · ${t("bulk.refused", { count: done.refused.length })}` : ""}
      </p>
      {done.refused.length ? (
        <ul class="bulk-refused">
          {done.refused.map((one) => (
            <li data-id={String(one.id)}>{t("bulk.refused_one", { number: one.number, message: one.message })}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function BulkBar() {
  const rows = tickets.value || [];
  const picked = chosenRows();
  const all = rows.length > 0 && picked.length === rows.length;
  const box = useRef(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = picked.length > 0 && !all;
  });
  const members = useMembers([...new Set(picked.map((row) => row.site))].sort());
  const mine = me.value || {};
  return (
    <div class="bulk-bar" role="group" aria-label={t("bulk.actions")}>
      <div class="bulk-row">
        <label class="check">
          <input type="checkbox" name="select_page" ref={box} checked={all} disabled={!rows.length}
            onChange={(event) => choosePage(event.currentTarget.checked)} />
          {t("bulk.select_page")}
        </label>
        {picked.length ? <span class="bulk-count">{t("bulk.selected", { count: picked.length })}</span> : null}
      </div>
      {picked.length ? (
        <div class="bulk-row">
          <Change name="bulk_assignee" title={t("bulk.assign")} toChange={(value) => (
            { assignee_id: value === "none" ? null : Number(value) })}
            options={[["none", t("bulk.nobody")], ...members.map((m) => [String(m.id),
              m.id === mine.id ? t("tickets.me_named", { name: m.name }) : m.name])]} />
          <Change name="bulk_status" title={t("bulk.status")} toChange={(status) => ({ status })}
            options={STATUSES.map((s) => [s, t(`status.${s}`)])} />
          <Change name="bulk_priority" title={t("bulk.priority")} toChange={(priority) => ({ priority })}
            options={PRIORITIES.map((p) => [p, t(`priority.${p}`)])} />
          <LabelForm />
        </div>
      ) : null}
      <Outcome />
    </div>
  );
}
