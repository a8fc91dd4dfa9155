// The Insights page's tables, each with its CSV, and the content gaps' one-click actions.
import { formatTime, t } from "./i18n.js";
import { addSynonym, writeArticle } from "./insights_actions.js";
import { formatNumber, formatRate } from "./insights_format.js";
import { csvUrl, language, site } from "./insights_state.js";
import { isAdmin } from "./me.js";

/** The "Download CSV" link of `table` with the page's filters. */
export function CsvLink({ table, title }) {
  return (
    <a class="csv-link" href={csvUrl(table)} download aria-label={t("insights.download_csv_of", { table: title })}>
      {t("insights.download_csv")}
    </a>
  );
}

/** A titled table of `rows`; `columns` are [labelKey, cell(row), numeric?]. */
function Table({ name, rows, columns, hint }) {
  const title = t(`insights.table.${name}`);
  const id = `insights-${name}`;
  return (
    <section class="insights-section" aria-labelledby={id} data-table={name}>
      <div class="insights-table-head">
        <h3 id={id}>{title}</h3>
        <CsvLink table={name} title={title} />
      </div>
      {hint ? <p class="hint">{hint}</p> : null}
      {rows.length ? (
        <table class="insights-table">
          <thead><tr>{columns.map(([label, , num]) => <th scope="col" class={num ? "num" : undefined}>{t(label)}</th>)}</tr></thead>
          <tbody>
            {rows.map((row) => (
              <tr>{columns.map(([, cell, num]) => <td class={num ? "num" : undefined}>{cell(row)}</td>)}</tr>
            ))}
          </tbody>
        </table>
      ) : <p class="empty">{t("insights.no_rows")}</p>}
    </section>
  );
}

const count = (key) => (row) => formatNumber(row[key]);

/** A count with a bar as long as its share of the largest: the number stays as text. */
export function Bar({ value, max }) {
  const width = max ? Math.max(2, Math.round((100 * value) / max)) : 0;
  return (
    <span class="insights-bar">
      <span class="insights-bar-fill" style={{ width: `${width}%` }} aria-hidden="true" />
      <span class="insights-bar-value">{formatNumber(value)}</span>
    </span>
  );
}

function GapActions({ row }) {
  const key = site.value;
  if (!isAdmin(key)) return null;
  return (
    <span class="insights-actions">
      <button type="button" class="secondary" aria-label={t("insights.write_article_for", { query: row.query })}
        onClick={() => writeArticle(key, row.query, language.peek())}>{t("insights.write_article")}</button>
      <button type="button" class="secondary" aria-label={t("insights.add_synonym_for", { query: row.query })}
        onClick={() => addSynonym(key, row.query, language.peek())}>{t("insights.add_synonym")}</button>
    </span>
  );
}

export function InsightsTables({ data }) {
  const top = data.top_searches || [];
  const most = top.reduce((m, row) => Math.max(m, row.count), 0);
  const admin = isAdmin(site.value);
  const gapColumns = [
    ["insights.query", (r) => r.query],
    ["insights.count", count("count"), true],
    ["insights.results", count("results"), true],
    ["insights.clicks", count("clicks"), true],
    ["insights.reason", (r) => t(`insights.reason.${r.reason}`)],
  ];
  if (admin) gapColumns.push(["insights.actions", (r) => <GapActions row={r} />]);
  return (
    <div class="insights-tables">
      <Table name="gaps" rows={data.gaps || []} hint={t("insights.gaps_hint")} columns={gapColumns} />
      <Table name="top_searches" rows={top} columns={[
        ["insights.query", (r) => r.query],
        ["insights.count", (r) => <Bar value={r.count} max={most} />],
        ["insights.results", count("results"), true],
        ["insights.clicks", count("clicks"), true],
        ["insights.click_through_rate", (r) => formatRate(r.click_through_rate), true],
      ]} />
      <Table name="no_results" rows={data.no_results || []} columns={[
        ["insights.query", (r) => r.query],
        ["insights.count", count("count"), true],
        ["insights.last_seen", (r) => formatTime(r.last_seen)],
      ]} />
      <Table name="no_clicks" rows={data.no_clicks || []} columns={[
        ["insights.query", (r) => r.query],
        ["insights.count", count("count"), true],
        ["insights.results", count("results"), true],
      ]} />
      <Table name="articles" rows={data.articles || []} columns={[
        ["insights.article", (r) => r.title],
        ["insights.article_language", (r) => r.locale],
        ["insights.views", count("views"), true],
        ["insights.helpful", count("helpful"), true],
        ["insights.not_helpful", count("not_helpful"), true],
      ]} />
      <Table name="feedback" rows={data.feedback || []} columns={[
        ["insights.article", (r) => r.title],
        ["insights.verdict", (r) => (r.helpful ? t("insights.yes") : t("insights.no"))],
        ["insights.comment", (r) => r.comment || ""],
        ["insights.when", (r) => formatTime(r.created_at)],
      ]} />
    </div>
  );
}
