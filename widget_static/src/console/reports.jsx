// Reports for the site's team: what came in and when, how fast it was answered and resolved
// in support hours, promises kept, satisfaction, each advisor's share and the chat queue.
import "./reports.css";
import { useEffect } from "preact/hooks";
import { t } from "./i18n.js";
import { formatDay, formatNumber, formatRate } from "./insights_format.js";
import { PRESETS, presetDays } from "./insights_state.js";
import { sites } from "./me.js";
import { formatDuration } from "./reports_format.js";
import {
  csvUrl, group, load, loadError, loading, range, report, site, startReports,
} from "./reports_state.js";
import { Option } from "./ui.jsx";
import { useShown } from "./view_shown.js";

function Toolbar() {
  const mine = sites();
  const value = range.value;
  const pick = (changes, reload = true) => {
    range.value = { ...range.peek(), ...changes };
    if (reload) load();
  };
  return (
    <div class="toolbar reports-toolbar">
      {mine.length > 1 ? (
        <label><span>{t("insights.site")}</span>
          <select value={site.value} onChange={(e) => { site.value = e.currentTarget.value; load(); }}>
            {mine.map((s) => <Option value={s.key} label={s.name} />)}
          </select></label>
      ) : null}
      <label><span>{t("insights.range")}</span>
        <select value={String(value.preset)} onChange={(e) => {
          const chosen = e.currentTarget.value;
          if (chosen === "custom") pick({ preset: "custom", ...presetDays(value.preset === "custom" ? 30 : value.preset) }, false);
          else pick({ preset: Number(chosen) });
        }}>
          {PRESETS.map((days) => <Option value={String(days)} label={t("insights.last_days", { days })} />)}
          <Option value="custom" label={t("insights.custom")} />
        </select></label>
      {value.preset === "custom" ? (
        <form class="reports-custom" noValidate onSubmit={(e) => { e.preventDefault(); load(); }}>
          <label><span>{t("insights.from")}</span>
            <input type="date" name="from" value={value.from} onInput={(e) => pick({ from: e.currentTarget.value }, false)} /></label>
          <label><span>{t("insights.to")}</span>
            <input type="date" name="to" value={value.to} onInput={(e) => pick({ to: e.currentTarget.value }, false)} /></label>
          <button type="submit">{t("insights.apply")}</button>
        </form>
      ) : null}
      <label><span>{t("reports.group")}</span>
        <select name="group" value={group.value} onChange={(e) => { group.value = e.currentTarget.value; load(); }}>
          <Option value="day" label={t("reports.day")} />
          <Option value="week" label={t("reports.week")} />
        </select></label>
    </div>
  );
}

/** A count with a bar whose length shows it beside the number (the number is what counts). */
function Bar({ value, max }) {
  const width = max ? Math.round((100 * value) / max) : 0;
  return (
    <span class="reports-bar-cell">
      <span class="reports-bar" style={`width:${width}%`} aria-hidden="true" />
      <span class="reports-bar-value">{formatNumber(value)}</span>
    </span>
  );
}

function Csv({ table, title }) {
  return (
    <a class="csv-link" href={csvUrl(table)} download aria-label={t("insights.download_csv_of", { table: title })}>
      {t("insights.download_csv")}
    </a>
  );
}

function Table({ caption, head, rows, name }) {
  return (
    <table class="reports-table" data-report={name}>
      <caption>{caption} <Csv table={name} title={caption} /></caption>
      <thead><tr>{head.map((h) => <th scope="col">{h}</th>)}</tr></thead>
      <tbody>
        {rows.length ? rows.map((cells) => (
          <tr>{cells.map((c, i) => (i === 0 ? <th scope="row">{c}</th> : <td>{c}</td>))}</tr>
        )) : <tr><td colSpan={head.length}>{t("insights.no_rows")}</td></tr>}
      </tbody>
    </table>
  );
}

function Volume({ data, weekly }) {
  const v = data.volume;
  const max = Math.max(1, ...v.series.map((p) => Math.max(p.tickets, p.chats)));
  const period = (p) => (weekly ? t("reports.week_of", { day: formatDay(p.period) }) : formatDay(p.period));
  const days = t("reports.weekdays").split(",");
  const top = Math.max(1, ...v.heatmap.flat());
  return (
    <section class="reports-section" aria-labelledby="reports-volume">
      <h3 id="reports-volume">{t("reports.volume")}</h3>
      <dl class="insights-cards">
        <div class="insights-card" data-total="tickets"><dt>{t("reports.tickets")}</dt><dd>{formatNumber(v.totals.tickets)}</dd></div>
        <div class="insights-card" data-total="chats"><dt>{t("reports.chats")}</dt><dd>{formatNumber(v.totals.chats)}</dd></div>
      </dl>
      <Table name="series" caption={t("reports.volume")} head={[t("reports.period"), t("reports.tickets"), t("reports.chats")]}
        rows={v.series.map((p) => [period(p), <Bar value={p.tickets} max={max} />, <Bar value={p.chats} max={max} />])} />
      <div class="reports-pair">
        <Table name="categories" caption={t("reports.by_category")} head={[t("reports.key"), t("reports.tickets")]}
          rows={v.by_category.map((r) => [r.key, formatNumber(r.tickets)])} />
        <Table name="channels" caption={t("reports.by_channel")} head={[t("reports.key"), t("reports.tickets")]}
          rows={v.by_channel.map((r) => [r.key, formatNumber(r.tickets)])} />
      </div>
      <div class="reports-heatmap-wrap">
        <table class="reports-heatmap" data-report="heatmap">
          <caption>{t("reports.heatmap")} <Csv table="heatmap" title={t("reports.heatmap")} /></caption>
          <thead><tr><td />{v.heatmap[0].map((_, hour) => <th scope="col" title={t("reports.hour")}>{hour}</th>)}</tr></thead>
          <tbody>
            {v.heatmap.map((hours, day) => (
              <tr><th scope="row">{days[day] || day}</th>
                {hours.map((n, hour) => (
                  <td data-cell={`${day}-${hour}`} class={`heat-${n ? Math.min(4, Math.ceil((4 * n) / top)) : 0}`}>{n || ""}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Response({ data }) {
  const r = data.response;
  const spread = (label, s) => [label, formatDuration(s.median_seconds), formatDuration(s.p90_seconds), formatNumber(s.count)];
  return (
    <section class="reports-section" aria-labelledby="reports-response">
      <h3 id="reports-response">{t("reports.response")}</h3>
      <Table name="times" caption={t("reports.response")} head={["", t("reports.median"), t("reports.p90"), t("reports.measured")]}
        rows={[spread(t("reports.first_response"), r.first_response), spread(t("reports.resolution"), r.resolution)]} />
      <Table name="sla" caption={t("reports.sla")} head={[t("reports.priority"), t("reports.decided"), t("reports.met"), t("reports.rate")]}
        rows={r.sla.map((s) => [s.label, formatNumber(s.tickets), formatNumber(s.met), formatRate(s.rate)])} />
    </section>
  );
}

function Satisfaction({ data }) {
  const s = data.satisfaction;
  const values = ["5", "4", "3", "2", "1"];
  const max = Math.max(1, ...values.map((v) => Math.max(s.tickets.distribution[v] || 0, s.chats.distribution[v] || 0)));
  const average = (x) => (x.average == null ? t("reports.none") : formatNumber(x.average));
  return (
    <section class="reports-section" aria-labelledby="reports-satisfaction">
      <h3 id="reports-satisfaction">{t("reports.satisfaction")}</h3>
      <Table name="ratings" caption={t("reports.satisfaction")} head={[t("reports.rating"), t("reports.tickets"), t("reports.chats")]}
        rows={[...values.map((v) => [t("reports.stars", { n: v }), <Bar value={s.tickets.distribution[v] || 0} max={max} />,
          <Bar value={s.chats.distribution[v] || 0} max={max} />]),
        [t("reports.average"), average(s.tickets), average(s.chats)],
        [t("reports.ratings"), formatNumber(s.tickets.count), formatNumber(s.chats.count)]]} />
      <h4>{t("reports.comments")} <Csv table="comments" title={t("reports.comments")} /></h4>
      {s.comments.length ? (
        <ul class="reports-comments">
          {s.comments.map((c) => <li><strong>{c.ref}</strong> · {t("reports.stars", { n: c.rating })}: <q>{c.comment}</q></li>)}
        </ul>
      ) : <p class="muted">{t("reports.no_comments")}</p>}
    </section>
  );
}

function People({ data }) {
  const c = data.chats;
  const rating = (a) => (a.rating_average == null ? t("reports.none") : `${formatNumber(a.rating_average)} (${formatNumber(a.ratings)})`);
  return (
    <section class="reports-section" aria-labelledby="reports-advisors">
      <h3 id="reports-advisors">{t("reports.advisors")}</h3>
      <Table name="advisors" caption={t("reports.advisors")}
        head={[t("reports.advisor"), t("reports.tickets"), t("reports.chats"), t("reports.first_response"), t("reports.resolution"), t("reports.rating")]}
        rows={data.advisors.map((a) => [a.name, formatNumber(a.tickets), formatNumber(a.chats),
          formatDuration(a.first_response_median_seconds), formatDuration(a.resolution_median_seconds), rating(a)])} />
      <h3>{t("reports.chat_figures")} <Csv table="chats" title={t("reports.chat_figures")} /></h3>
      <dl class="insights-cards" data-report="chats">
        {[["chats", formatNumber(c.total)], ["answered", formatNumber(c.answered)], ["missed", formatNumber(c.missed)],
          ["transfers", formatNumber(c.transfers)], ["wait_median", formatDuration(c.wait_median_seconds)],
          ["wait_p90", formatDuration(c.wait_p90_seconds)]].map(([key, shown]) => (
          <div class="insights-card" data-total={key}><dt>{t(`reports.${key}`)}</dt><dd>{shown}</dd></div>
        ))}
      </dl>
    </section>
  );
}

export function ReportsView() {
  const shown = useShown("reports");
  // Each showing asks again: the day goes on.
  useEffect(() => { if (shown) startReports(); }, [shown]);
  if (!shown || !sites().length) return null;
  const data = report.value;
  return (
    <div class="reports" aria-busy={loading.value ? "true" : "false"}>
      <h2>{t("reports.title")}</h2>
      <Toolbar />
      {loadError.value ? <p class="error" role="alert">{loadError.value}</p> : null}
      {loading.value && !data ? <p class="muted">{t("insights.loading")}</p> : null}
      {data && data.volume ? (
        <div class="reports-body">
          <p class="reports-range-shown">{t("reports.showing", { from: formatDay(data.from), to: formatDay(data.to), zone: data.time_zone })}</p>
          <Volume data={data} weekly={data.group === "week"} />
          <Response data={data} />
          <Satisfaction data={data} />
          <People data={data} />
        </div>
      ) : null}
    </div>
  );
}
