// The chart of searches over time (uPlot on a canvas), its legend in words, and the same
// numbers as a table: each series has its own dash pattern and point shape, not only a colour.
import "uplot/dist/uPlot.min.css";
import uPlot from "uplot";
import { useEffect, useRef } from "preact/hooks";
import { t } from "./i18n.js";
import { formatDay, formatNumber, formatShortDay } from "./insights_format.js";

// Solid line with filled dots, dashed with hollow dots, dotted with squares (the lines another
// page draws take these styles in order).
export const STYLES = [
  { stroke: "#1f4e99", dash: undefined, fill: "#1f4e99", size: 6 },
  { stroke: "#b3261e", dash: [8, 4], fill: "#fff", size: 7 },
  { stroke: "#1b6e3c", dash: [2, 3], fill: "#1b6e3c", size: 6, square: true },
];
// Insights' lines: [row key, label key]; its table adds the searches that ended in a contact.
const LINES = [["searches", "insights.searches"], ["no_results", "insights.no_results"], ["clicks", "insights.clicks"]];
const EXTRA = [["contacted", "insights.contacted"]];
const styled = (lines) => lines.map(([key, label], i) => ({ key, label, ...STYLES[i % STYLES.length] }));

/** Draw square points (uPlot draws circles): one more cue that is not a colour. */
function squares(u, seriesIdx) {
  const { ctx } = u;
  const s = u.series[seriesIdx];
  const half = (s.points.size * uPlot.pxRatio) / 2;
  const xs = u.data[0];
  const ys = u.data[seriesIdx];
  ctx.save();
  ctx.fillStyle = s.points.fill;
  for (let i = 0; i < xs.length; i += 1) {
    if (ys[i] == null) continue;
    const x = u.valToPos(xs[i], "x", true);
    const y = u.valToPos(ys[i], s.scale, true);
    ctx.fillRect(x - half, y - half, half * 2, half * 2);
  }
  ctx.restore();
}

function options(width, lines, at) {
  const dayOf = (seconds) => formatShortDay(new Date(seconds * 1000).toISOString().slice(0, 10));
  return {
    width, height: 260,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    scales: { y: { range: (u, min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
    axes: [
      { values: (u, splits) => splits.map(dayOf) },
      { values: (u, splits) => splits.map((n) => (Number.isInteger(n) ? formatNumber(n) : "")) },
    ],
    legend: { show: true },
    series: [
      { label: t(at), value: (u, v) => (v == null ? "" : dayOf(v)) },
      ...lines.map((s) => ({
        label: t(s.label), stroke: s.stroke, width: 2, dash: s.dash,
        points: { show: true, size: s.size, width: 2, stroke: s.stroke, fill: s.fill },
        ...(s.square ? { points: { show: squares, size: s.size, fill: s.fill, stroke: s.stroke } } : {}),
      })),
    ],
  };
}

function chartData(series, lines, x) {
  return [series.map((row) => Date.parse(`${row[x]}T00:00:00Z`) / 1000),
    ...lines.map((s) => series.map((row) => row[s.key]))];
}

/** The accessible twin of the chart: one row per day. */
function SeriesTable({ series, lines, title, x, at }) {
  return (
    <table class="insights-table">
      <caption class="visually-hidden">{title}</caption>
      <thead><tr>
        <th scope="col">{t(at)}</th>
        {lines.map((s) => <th scope="col" class="num">{t(s.label)}</th>)}
      </tr></thead>
      <tbody>
        {series.map((row) => (
          <tr key={row[x]}>
            <th scope="row"><time datetime={row[x]}>{formatDay(row[x])}</time></th>
            {lines.map((s) => <td class="num">{formatNumber(row[s.key])}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The chart of `series` (rows keyed by the day `x`): Insights' lines unless others are given
 * as [row key, label key] (`at` labels the day; `id` keeps two pages' titles apart). */
export function SeriesChart({ series, csv, lines = LINES, extra = EXTRA, title = t("insights.over_time"),
  id = "insights-chart-title", x = "day", at = "insights.day" }) {
  const drawn = styled(lines);
  const box = useRef(null);
  useEffect(() => {
    const node = box.current;
    if (!node) return undefined;
    const width = () => Math.max(280, node.clientWidth || 600);
    const chart = new uPlot(options(width(), drawn, at), chartData(series, drawn, x), node);
    // The canvas says nothing to a screen reader: the legend and the table below do.
    node.querySelectorAll("canvas").forEach((canvas) => canvas.setAttribute("aria-hidden", "true"));
    const resized = () => chart.setSize({ width: width(), height: 260 });
    window.addEventListener("resize", resized);
    return () => {
      window.removeEventListener("resize", resized);
      chart.destroy();
    };
  }, [series]);
  return (
    <figure class="insights-chart" aria-labelledby={id}>
      <div class="insights-table-head">
        <h3 id={id}>{title}</h3>
        {csv}
      </div>
      <div class="insights-plot" ref={box} role="group" aria-label={t("insights.chart_label")} />
      <details class="insights-data">
        <summary>{t("insights.show_table")}</summary>
        <SeriesTable series={series} lines={[...drawn, ...styled(extra)]} title={title} x={x} at={at} />
      </details>
    </figure>
  );
}
