// The Reports page's volume: totals, tickets and chats per period (the Insights chart), per
// category, channel and label, and the weekday-by-hour map whose shades repeat its numbers.
import { locale, t } from "./i18n.js";
import { SeriesChart } from "./insights_chart.jsx";
import { formatNumber } from "./insights_format.js";
import { Bar } from "./insights_tables.jsx";
import { Cards, Csv, Table } from "./reports_parts.jsx";

const LINES = [["tickets", "reports.tickets"], ["chats", "reports.chats"]];
const MONDAY = Date.UTC(2024, 0, 1); // a Monday: the map's rows start there

function weekdays() {
  try {
    const names = new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" });
    return [0, 1, 2, 3, 4, 5, 6].map((i) => names.format(new Date(MONDAY + i * 86400000)));
  } catch {
    return t("reports.weekdays").split(",");
  }
}

/** The weekday × hour map: every cell writes its count; the shade (0-4) only repeats it. */
function Heatmap({ rows }) {
  const top = Math.max(1, ...rows.flat());
  const names = weekdays();
  const title = t("reports.heatmap");
  return (
    <section class="insights-section" data-report="heatmap">
      <div class="insights-table-head">
        <h4 id="reports-heatmap-title">{title}</h4>
        <Csv table="heatmap" title={title} />
      </div>
      <div class="reports-heatmap-wrap">
        <table class="reports-heatmap">
          <caption>{t("reports.heatmap_caption")}</caption>
          <thead><tr>
            <th scope="col">{t("reports.weekday_hour")}</th>
            {rows[0].map((_, hour) => <th scope="col" abbr={t("reports.hour_n", { n: hour })}>{formatNumber(hour)}</th>)}
          </tr></thead>
          <tbody>
            {rows.map((hours, day) => (
              <tr><th scope="row">{names[day]}</th>
                {hours.map((n, hour) => (
                  <td data-cell={`${day}-${hour}`} class={`heat-${n ? Math.min(4, Math.ceil((4 * n) / top)) : 0}`}>
                    {formatNumber(n)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Cells of counts drawn as bars as long as their share of the table's largest count. */
function bars(rows, keys) {
  const max = Math.max(1, ...rows.flatMap((row) => keys.map((key) => row[key] || 0)));
  return (key) => (row) => <Bar value={row[key] || 0} max={max} />;
}

/** The labels' rows, then those opened with no label (counted apart, once each). */
function labelRows(v) {
  const none = v.no_label || { tickets: 0, chats: 0 };
  const rows = v.by_label || [];
  return rows.length || none.tickets || none.chats ? [...rows, { ...none, none: true }] : [];
}

export function Volume({ data }) {
  const v = data.volume;
  const named = (row) => row.label || row.key;
  const labels = labelRows(v);
  const byCategory = bars(v.by_category, ["tickets"]);
  const byChannel = bars(v.by_channel, ["tickets"]);
  const byLabel = bars(labels, ["tickets", "chats"]);
  return (
    <section class="reports-section" aria-labelledby="reports-volume">
      <h3 id="reports-volume">{t("reports.volume")}</h3>
      <Cards label={t("reports.totals")} items={[
        ["tickets", t("reports.tickets"), formatNumber(v.totals.tickets)],
        ["chats", t("reports.chats"), formatNumber(v.totals.chats)],
      ]} />
      <SeriesChart series={v.series} lines={LINES} extra={[]} x="period" id="reports-chart-title"
        title={t("reports.over_time")} at={data.group === "week" ? "reports.week_starting" : "reports.day"}
        csv={<Csv table="series" title={t("reports.over_time")} />} />
      <div class="reports-pair">
        <Table name="categories" title={t("reports.by_category")} rows={v.by_category}
          columns={[[t("reports.category"), named], [t("reports.tickets"), byCategory("tickets"), true]]} />
        <Table name="channels" title={t("reports.by_channel")} rows={v.by_channel}
          columns={[[t("reports.channel"), named], [t("reports.tickets"), byChannel("tickets"), true]]} />
        <Table name="labels" title={t("reports.by_label")} rows={labels}
          columns={[[t("reports.label"), (row) => (row.none ? <em>{t("reports.no_label")}</em> : row.key)],
            [t("reports.tickets"), byLabel("tickets"), true], [t("reports.chats"), byLabel("chats"), true]]} />
      </div>
      <Heatmap rows={v.heatmap} />
    </section>
  );
}
