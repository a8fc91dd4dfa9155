// The chart of searches over time (uPlot on a canvas), its legend in words, and the same
// numbers as a table: each series has its own dash pattern and point shape, not only a colour.
import "uplot/dist/uPlot.min.css";
import uPlot from "uplot";
import { useEffect, useRef } from "preact/hooks";
import { t } from "./i18n.js";
import { formatDay, formatNumber, formatShortDay } from "./insights_format.js";

// Solid line with filled dots, dashed with hollow dots, dotted with squares.
const SERIES = [
  { key: "searches", stroke: "#1f4e99", dash: undefined, fill: "#1f4e99", size: 6 },
  { key: "no_results", stroke: "#b3261e", dash: [8, 4], fill: "#fff", size: 7 },
  { key: "clicks", stroke: "#1b6e3c", dash: [2, 3], fill: "#1b6e3c", size: 6, square: true },
];
const LABELS = { searches: "insights.searches", no_results: "insights.no_results", clicks: "insights.clicks" };

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

function options(width) {
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
      { label: t("insights.day"), value: (u, v) => (v == null ? "" : dayOf(v)) },
      ...SERIES.map((s) => ({
        label: t(LABELS[s.key]), stroke: s.stroke, width: 2, dash: s.dash,
        points: { show: true, size: s.size, width: 2, stroke: s.stroke, fill: s.fill },
        ...(s.square ? { points: { show: squares, size: s.size, fill: s.fill, stroke: s.stroke } } : {}),
      })),
    ],
  };
}

function chartData(series) {
  return [series.map((row) => Date.parse(`${row.day}T00:00:00Z`) / 1000),
    ...SERIES.map((s) => series.map((row) => row[s.key]))];
}

/** The accessible twin of the chart: one row per day. */
function SeriesTable({ series }) {
  return (
    <table class="insights-table">
      <caption class="visually-hidden">{t("insights.over_time")}</caption>
      <thead><tr>
        <th scope="col">{t("insights.day")}</th>
        {SERIES.map((s) => <th scope="col" class="num">{t(LABELS[s.key])}</th>)}
        <th scope="col" class="num">{t("insights.contacted")}</th>
      </tr></thead>
      <tbody>
        {series.map((row) => (
          <tr key={row.day}>
            <th scope="row"><time datetime={row.day}>{formatDay(row.day)}</time></th>
            {SERIES.map((s) => <td class="num">{formatNumber(row[s.key])}</td>)}
            <td class="num">{formatNumber(row.contacted)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SeriesChart({ series, csv }) {
  const box = useRef(null);
  useEffect(() => {
    const node = box.current;
    if (!node) return undefined;
    const width = () => Math.max(280, node.clientWidth || 600);
    const chart = new uPlot(options(width()), chartData(series), node);
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
    <figure class="insights-chart" aria-labelledby="insights-chart-title">
      <div class="insights-table-head">
        <h3 id="insights-chart-title">{t("insights.over_time")}</h3>
        {csv}
      </div>
      <div class="insights-plot" ref={box} role="group" aria-label={t("insights.chart_label")} />
      <details class="insights-data">
        <summary>{t("insights.show_table")}</summary>
        <SeriesTable series={series} />
      </details>
    </figure>
  );
}
