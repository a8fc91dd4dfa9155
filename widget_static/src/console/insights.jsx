// Insights for the site's team: what readers searched for, what they found and opened, whether
// they still asked for help, and the content gaps to fill, per site, date range and language.
import "./insights.css";
import { useEffect } from "preact/hooks";
import { t } from "./i18n.js";
import { SeriesChart } from "./insights_chart.jsx";
import { formatDay, formatNumber, formatRate } from "./insights_format.js";
import {
  PRESETS, language, load, loadError, loading, presetDays, range, rangeError, report, site,
  startInsights,
} from "./insights_state.js";
import { CsvLink, InsightsTables } from "./insights_tables.jsx";
import { sites } from "./me.js";
import { Option } from "./ui.jsx";
import { useShown } from "./view_shown.js";

// The languages the console names; a site's others still filter when picked elsewhere.
const LANGUAGES = ["en", "es", "pl"];

function setRange(changes, reload) {
  range.value = { ...range.peek(), ...changes };
  if (reload) load();
}

function RangePicker() {
  const value = range.value;
  const custom = value.preset === "custom";
  return (
    <div class="insights-range">
      <label>
        <span id="insights-range-label">{t("insights.range")}</span>
        <select aria-labelledby="insights-range-label" value={String(value.preset)} onChange={(event) => {
          const chosen = event.currentTarget.value;
          if (chosen === "custom") {
            // The custom range starts from the preset shown, ready to adjust.
            const days = value.preset === "custom" ? value : presetDays(value.preset);
            setRange({ preset: "custom", from: days.from, to: days.to }, false);
          } else {
            setRange({ preset: Number(chosen) }, true);
          }
        }}>
          {PRESETS.map((days) => <Option value={String(days)} label={t("insights.last_days", { days })} />)}
          <Option value="custom" label={t("insights.custom")} />
        </select>
      </label>
      {custom ? (
        <form class="insights-custom" noValidate onSubmit={(event) => { event.preventDefault(); load(); }}>
          <label><span>{t("insights.from")}</span>
            <input type="date" name="from" value={value.from} aria-invalid={rangeError.value ? "true" : undefined}
              aria-describedby="insights-range-error"
              onInput={(event) => setRange({ from: event.currentTarget.value }, false)} /></label>
          <label><span>{t("insights.to")}</span>
            <input type="date" name="to" value={value.to} aria-invalid={rangeError.value ? "true" : undefined}
              aria-describedby="insights-range-error"
              onInput={(event) => setRange({ to: event.currentTarget.value }, false)} /></label>
          <button type="submit">{t("insights.apply")}</button>
        </form>
      ) : null}
      <p id="insights-range-error" class="field-error" role="alert" hidden={!rangeError.value}>
        {rangeError.value || ""}
      </p>
    </div>
  );
}

function Toolbar() {
  const mine = sites();
  const chosen = language.value;
  const languages = chosen && !LANGUAGES.includes(chosen) ? [...LANGUAGES, chosen] : LANGUAGES;
  return (
    <div class="toolbar insights-toolbar">
      {mine.length > 1 ? (
        <label><span id="insights-site-label">{t("insights.site")}</span>
          <select aria-labelledby="insights-site-label" value={site.value} onChange={(event) => { site.value = event.currentTarget.value; load(); }}>
            {mine.map((s) => <Option value={s.key} label={s.name} />)}
          </select>
        </label>
      ) : null}
      <RangePicker />
      <label><span id="insights-language-label">{t("insights.language")}</span>
        <select aria-labelledby="insights-language-label" value={chosen} onChange={(event) => { language.value = event.currentTarget.value; load(); }}>
          <Option value="" label={t("insights.all_languages")} />
          {languages.map((code) => <Option value={code} label={t(`language.${code}`)} />)}
        </select>
      </label>
    </div>
  );
}

const CARDS = [
  ["searches", "number"], ["click_through_rate", "rate"], ["deflection_rate", "rate"],
  ["contact_rate", "rate"], ["no_results", "number"], ["no_clicks", "number"],
  ["suggestion_views", "number"], ["article_views", "number"], ["helpful", "number"],
  ["not_helpful", "number"],
];
const HELP = { click_through_rate: 1, deflection_rate: 1, contact_rate: 1 };

function Cards({ totals }) {
  return (
    <dl class="insights-cards" aria-label={t("insights.totals")}>
      {CARDS.map(([key, kind]) => (
        <div class="insights-card" data-total={key}>
          <dt>{t(`insights.${key}`)}</dt>
          <dd>{kind === "rate" ? formatRate(totals[key]) : formatNumber(totals[key])}</dd>
          {HELP[key] ? <dd class="hint">{t(`insights.help.${key}`)}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

function Report({ data }) {
  const totals = data.totals || {};
  const nothing = !totals.searches && !totals.suggestion_views && !totals.article_views &&
    !(data.feedback || []).length;
  return (
    <div class="insights-report">
      <p class="insights-range-shown">
        {t("insights.showing", { from: formatDay(data.range.from), to: formatDay(data.range.to) })}
        {data.retention_days ? ` ${t("insights.retention", { days: data.retention_days })}` : ""}
      </p>
      {data.enabled === false ? <p class="insights-note" role="note">{t("insights.disabled")}</p> : null}
      {nothing ? <p class="insights-empty">{t("insights.empty")}</p> : null}
      <Cards totals={totals} />
      <SeriesChart series={data.series || []} csv={<CsvLink table="series" title={t("insights.over_time")} />} />
      <InsightsTables data={data} />
    </div>
  );
}

export function InsightsView() {
  const shown = useShown("insights");
  // Each showing asks again: searches keep coming.
  useEffect(() => { if (shown) startInsights(); }, [shown]);
  if (!shown || !sites().length) return null;
  const data = report.value;
  return (
    <div class="insights" aria-busy={loading.value ? "true" : "false"}>
      <h2>{t("insights.title")}</h2>
      <Toolbar />
      {loadError.value ? <p class="error" role="alert">{loadError.value}</p> : null}
      {loading.value && !data ? <p class="muted">{t("insights.loading")}</p> : null}
      {data && data.range ? <Report data={data} /> : null}
    </div>
  );
}
