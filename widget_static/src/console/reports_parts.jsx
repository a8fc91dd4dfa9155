// The Reports page's building blocks: a titled table with its CSV, figure cards.
import { t } from "./i18n.js";
import { csvUrl } from "./reports_state.js";

/** The "Download CSV" link of `table` with the report's site, range and grouping. */
export function Csv({ table, title }) {
  return (
    <a class="csv-link" href={csvUrl(table)} download aria-label={t("insights.download_csv_of", { table: title })}>
      {t("insights.download_csv")}
    </a>
  );
}

/** A titled table of `rows` with its CSV; `columns` are [label, cell(row), numeric?]; the first
 * column heads its row. */
export function Table({ name, title, rows, columns }) {
  const id = `reports-${name}`;
  return (
    <section class="insights-section" aria-labelledby={id} data-report={name}>
      <div class="insights-table-head">
        <h4 id={id}>{title}</h4>
        <Csv table={name} title={title} />
      </div>
      {rows.length ? (
        <table class="insights-table" aria-labelledby={id}>
          <thead><tr>{columns.map(([label, , num]) => <th scope="col" class={num ? "num" : undefined}>{label}</th>)}</tr></thead>
          <tbody>
            {rows.map((row) => (
              <tr>{columns.map(([, cell, num], i) => (i === 0
                ? <th scope="row">{cell(row)}</th>
                : <td class={num ? "num" : undefined}>{cell(row)}</td>))}</tr>
            ))}
          </tbody>
        </table>
      ) : <p class="empty">{t("insights.no_rows")}</p>}
    </section>
  );
}

/** Figure cards: [key, label, shown] as a description list. */
export function Cards({ label, items }) {
  return (
    <dl class="insights-cards" aria-label={label}>
      {items.map(([key, title, shown]) => (
        <div class="insights-card" data-total={key}><dt>{title}</dt><dd>{shown}</dd></div>
      ))}
    </dl>
  );
}
