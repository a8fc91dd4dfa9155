// Reports for the site's team: what came in and when, how fast it was answered and resolved
// in support hours, promises kept, satisfaction, each advisor's share and the chat queue.
import "./reports.css";
import { useEffect } from "preact/hooks";
import { t } from "./i18n.js";
import { formatDay } from "./insights_format.js";
import { PRESETS, presetDays } from "./insights_state.js";
import { sites } from "./me.js";
import { Advisors, Chats, Response, Satisfaction } from "./reports_figures.jsx";
import {
  ALL, group, isOwner, load, loadError, loading, range, report, site, startReports,
} from "./reports_state.js";
import { Volume } from "./reports_volume.jsx";
import { Option } from "./ui.jsx";
import { useShown } from "./view_shown.js";

function pick(changes, reload = true) {
  range.value = { ...range.peek(), ...changes };
  if (reload) load();
}

function RangePicker() {
  const value = range.value;
  return (
    <>
      <label><span id="reports-range-label">{t("insights.range")}</span>
        <select name="range" aria-labelledby="reports-range-label" value={String(value.preset)} onChange={(e) => {
          const chosen = e.currentTarget.value;
          // The custom range starts from the preset shown, ready to adjust.
          if (chosen === "custom") pick({ preset: "custom", ...presetDays(value.preset === "custom" ? 30 : value.preset) }, false);
          else pick({ preset: Number(chosen) });
        }}>
          {PRESETS.map((days) => <Option value={String(days)} label={t("insights.last_days", { days })} />)}
          <Option value="custom" label={t("insights.custom")} />
        </select></label>
      {value.preset === "custom" ? (
        <form class="insights-custom" noValidate onSubmit={(e) => { e.preventDefault(); load(); }}>
          <label><span>{t("insights.from")}</span>
            <input type="date" name="from" value={value.from} onInput={(e) => pick({ from: e.currentTarget.value }, false)} /></label>
          <label><span>{t("insights.to")}</span>
            <input type="date" name="to" value={value.to} onInput={(e) => pick({ to: e.currentTarget.value }, false)} /></label>
          <button type="submit">{t("insights.apply")}</button>
        </form>
      ) : null}
    </>
  );
}

function Toolbar() {
  const mine = sites();
  const owner = isOwner();
  return (
    <div class="toolbar insights-toolbar reports-toolbar">
      {mine.length > 1 || owner ? (
        <label><span id="reports-site-label">{t("insights.site")}</span>
          <select name="site" aria-labelledby="reports-site-label" value={site.value}
            onChange={(e) => { site.value = e.currentTarget.value; load(); }}>
            {owner ? <Option value={ALL} label={t("reports.all_sites")} /> : null}
            {mine.map((s) => <Option value={s.key} label={s.name} />)}
          </select></label>
      ) : null}
      <RangePicker />
      <label><span id="reports-group-label">{t("reports.group")}</span>
        <select name="group" aria-labelledby="reports-group-label" value={group.value}
          onChange={(e) => { group.value = e.currentTarget.value; load(); }}>
          <Option value="day" label={t("reports.by_day")} />
          <Option value="week" label={t("reports.by_week")} />
        </select></label>
    </div>
  );
}

export function ReportsView() {
  const shown = useShown("reports");
  // Each showing asks again: the day goes on.
  useEffect(() => { if (shown) startReports(); }, [shown]);
  if (!shown || !sites().length) return null;
  const data = report.value;
  return (
    <div class="insights reports" aria-busy={loading.value ? "true" : "false"}>
      <h2>{t("reports.title")}</h2>
      <Toolbar />
      {loadError.value ? <p class="error" role="alert">{loadError.value}</p> : null}
      {loading.value && !data ? <p class="muted">{t("insights.loading")}</p> : null}
      {data && data.volume ? (
        <div class="insights-report reports-body">
          <p class="insights-range-shown">
            {t("reports.showing", { from: formatDay(data.from), to: formatDay(data.to), zone: data.time_zone || "UTC" })}
          </p>
          {data.site === ALL ? <p class="hint" data-note="all-sites">{t("reports.all_sites_note")}</p> : null}
          <Volume data={data} />
          <Response data={data} />
          <Satisfaction data={data} />
          <Advisors data={data} />
          <Chats data={data} />
        </div>
      ) : null}
    </div>
  );
}
