// The audit trail of admin actions, filtered by site, person and kind, paged, and exported.
import "./settings.css";
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { api, apiUrl } from "./api.js";
import { formatTime, t } from "./i18n.js";
import { siteName, sites } from "./me.js";
import { pagedList } from "./paged_list.js";
import { Labelled, Option, Pager } from "./ui.jsx";
import { useShown } from "./view_shown.js";

export const KINDS = ["settings", "team", "secret", "content", "site"];

const filters = signal({ site: "", actor: "", kind: "" });
// People the list can be narrowed to: the chosen site's team, and anyone seen in the trail.
const people = signal({});

function query() {
  const f = filters.peek();
  const params = new URLSearchParams();
  for (const name of ["site", "actor", "kind"]) if (f[name]) params.set(name, f[name]);
  return params;
}

const trail = pagedList("/advisor/audit", "entries", query);

function remember(entries) {
  const known = { ...people.peek() };
  let grew = false;
  for (const entry of entries || []) {
    if (entry.actor && entry.actor.id && !known[entry.actor.id]) {
      known[entry.actor.id] = entry.actor.email;
      grew = true;
    }
  }
  if (grew) people.value = known;
}

async function loadTeam(key) {
  if (!key) return;
  try {
    const data = await api("GET", `/advisor/sites/${encodeURIComponent(key)}/members`);
    const known = { ...people.peek() };
    for (const member of data.members || []) known[member.id] = member.email;
    people.value = known;
  } catch {
    /* the people seen in the trail are enough to filter by */
  }
}

async function reload(fromStart) {
  await trail.reload(fromStart);
  remember(trail.rows.peek());
}

/** A word for a key the strings may not name (a new action): the key itself. */
function word(key, fallback) {
  const text = t(key);
  return text === key ? fallback : text;
}

const shown = (value) => (value === null || value === undefined || value === "" ? "—"
  : typeof value === "object" ? JSON.stringify(value) : String(value));

function Entry({ entry }) {
  const changes = Object.entries(entry.changes || {});
  return (
    <li class="audit-entry">
      <div class="line">
        <time datetime={entry.at}>{formatTime(entry.at)}</time>
        <strong class="who">{entry.actor && entry.actor.email ? entry.actor.email : t("audit.system")}</strong>
        <span class="action">{word(`audit.action.${entry.action}`, entry.action)}</span>
        {entry.target ? <span class="target">{entry.target}</span> : null}
      </div>
      <div class="meta">
        {t("audit.site_is", { site: entry.site ? siteName(entry.site) : "—" })}
        {" · "}{t("audit.kind_is", { kind: word(`audit.kind.${entry.kind}`, entry.kind) })}
        {entry.address ? <>{" · "}{t("audit.address_is", { address: entry.address })}</> : null}
      </div>
      {changes.length ? (
        <dl class="changes">
          {changes.map(([field, pair]) => [
            <dt>{field}</dt>,
            <dd>{t("audit.before_after", { before: shown((pair || [])[0]), after: shown((pair || [])[1]) })}</dd>,
          ])}
        </dl>
      ) : null}
    </li>
  );
}

export function AuditView() {
  const shown = useShown("audit");
  // Each showing brings the newest entries (changes made since are on top).
  useEffect(() => { if (shown) reload(trail.rows.peek() === null); }, [shown]);
  if (!shown) return null;
  const f = filters.value;
  const pick = (name) => (event) => {
    filters.value = { ...filters.peek(), [name]: event.currentTarget.value };
    if (name === "site") loadTeam(event.currentTarget.value);
    reload(true);
  };
  const rows = trail.rows.value;
  const exportHref = apiUrl(`/advisor/audit.csv?${new URLSearchParams(
    Object.entries(f).filter(([, value]) => value))}`);
  return (
    <div class="audit">
      <h2>{t("audit.title")}</h2>
      <form class="filters" role="search" aria-label={t("audit.filters")} onSubmit={(e) => e.preventDefault()}>
        <Labelled text={t("audit.site")}>
          <select name="site" value={f.site} onChange={pick("site")}>
            <Option value="" label={t("audit.all_sites")} />
            {sites().filter((s) => s.role === "admin").map((s) => <Option value={s.key} label={s.name} />)}
          </select>
        </Labelled>
        <Labelled text={t("audit.person")}>
          <select name="actor" value={f.actor} onChange={pick("actor")}>
            <Option value="" label={t("audit.anyone")} />
            {Object.entries(people.value).map(([id, email]) => <Option value={id} label={email} />)}
          </select>
        </Labelled>
        <Labelled text={t("audit.kind")}>
          <select name="kind" value={f.kind} onChange={pick("kind")}>
            <Option value="" label={t("audit.any_kind")} />
            {KINDS.map((k) => <Option value={k} label={t(`audit.kind.${k}`)} />)}
          </select>
        </Labelled>
        <a class="button secondary" href={exportHref} download>{t("audit.export")}</a>
      </form>
      {trail.error.value ? <p class="form-error" role="alert">{trail.error.value}</p> : null}
      <p class="count">{t("audit.count", { count: trail.total.value })}</p>
      {rows && !rows.length ? <p class="muted">{t("audit.none")}</p> : null}
      <ul class="audit-list">{(rows || []).map((entry) => <Entry key={entry.id} entry={entry} />)}</ul>
      <Pager list={{ ...trail, reload }} words="audit" />
    </div>
  );
}
