// The Reports page's response times (support hours), promises kept, satisfaction, advisors and
// the chat queue.
import { formatTime, t } from "./i18n.js";
import { formatNumber, formatRate } from "./insights_format.js";
import { Bar } from "./insights_tables.jsx";
import { formatAverage, formatDuration } from "./reports_format.js";
import { Cards, Csv, Table } from "./reports_parts.jsx";
import { ALL } from "./reports_state.js";

const count = (key) => (row) => formatNumber(row[key] || 0);

export function Response({ data }) {
  const r = data.response;
  const spread = (key, s) => [
    [`${key}_median`, t(`reports.${key}_median`), formatDuration(s.median_seconds)],
    [`${key}_p90`, t(`reports.${key}_p90`), formatDuration(s.p90_seconds)],
    [`${key}_count`, t(`reports.${key}_count`), formatNumber(s.count)],
  ];
  return (
    <section class="reports-section" aria-labelledby="reports-response">
      <h3 id="reports-response">{t("reports.response")}</h3>
      <Cards label={t("reports.response")} items={[...spread("first_response", r.first_response), ...spread("resolution", r.resolution)]} />
      <Table name="sla" title={t("reports.sla")} rows={r.sla} columns={[
        [t("reports.priority"), (s) => s.label || s.priority],
        [t("reports.decided"), count("tickets"), true],
        [t("reports.met"), count("met"), true],
        [t("reports.rate"), (s) => formatRate(s.rate), true],
      ]} />
    </section>
  );
}

export function Satisfaction({ data }) {
  const s = data.satisfaction;
  // The rating values the product uses, best first, whichever side has them.
  const values = [...new Set([...Object.keys(s.tickets.distribution || {}), ...Object.keys(s.chats.distribution || {})])]
    .sort((a, b) => Number(b) - Number(a));
  const of = (side, v) => (side.distribution || {})[v] || 0;
  const max = Math.max(1, ...values.map((v) => Math.max(of(s.tickets, v), of(s.chats, v))));
  const title = t("reports.comments");
  // Ticket numbers repeat across sites: every site's report says whose each comment is.
  const everySite = data.site === ALL;
  return (
    <section class="reports-section" aria-labelledby="reports-satisfaction">
      <h3 id="reports-satisfaction">{t("reports.satisfaction")}</h3>
      <Cards label={t("reports.satisfaction")} items={[
        ["ticket_average", t("reports.ticket_average"), formatAverage(s.tickets.average)],
        ["ticket_ratings", t("reports.ticket_ratings"), formatNumber(s.tickets.count)],
        ["chat_average", t("reports.chat_average"), formatAverage(s.chats.average)],
        ["chat_ratings", t("reports.chat_ratings"), formatNumber(s.chats.count)],
      ]} />
      <Table name="ratings" title={t("reports.distribution")} rows={values} columns={[
        [t("reports.rating"), (v) => t("reports.stars", { n: formatNumber(Number(v)) })],
        [t("reports.tickets"), (v) => <Bar value={of(s.tickets, v)} max={max} />],
        [t("reports.chats"), (v) => <Bar value={of(s.chats, v)} max={max} />],
      ]} />
      <section class="insights-section" data-report="comments">
        <div class="insights-table-head">
          <h4>{title}</h4>
          <Csv table="comments" title={title} />
        </div>
        {s.comments.length ? (
          <ul class="reports-comments">
            {s.comments.map((c) => (
              <li>
                <strong>{t(`reports.kind_${c.kind}`)} {c.ref}{everySite && c.site ? ` (${c.site})` : ""}</strong> · {t("reports.stars", { n: formatNumber(c.rating) })}
                {" · "}<time datetime={c.at}>{formatTime(c.at)}</time>
                <blockquote>{c.comment}</blockquote>
              </li>
            ))}
          </ul>
        ) : <p class="empty">{t("reports.no_comments")}</p>}
      </section>
    </section>
  );
}

export function Advisors({ data }) {
  const rating = (a) => (a.rating_average == null ? t("reports.none")
    : t("reports.average_of", { average: formatAverage(a.rating_average), n: formatNumber(a.ratings) }));
  return (
    <section class="reports-section" aria-labelledby="reports-advisors-title">
      <h3 id="reports-advisors-title">{t("reports.advisors")}</h3>
      <Table name="advisors" title={t("reports.advisors")} rows={data.advisors} columns={[
        [t("reports.advisor"), (a) => a.name],
        [t("reports.tickets"), count("tickets"), true],
        [t("reports.chats"), count("chats"), true],
        [t("reports.first_response_median"), (a) => formatDuration(a.first_response_median_seconds), true],
        [t("reports.resolution_median"), (a) => formatDuration(a.resolution_median_seconds), true],
        [t("reports.rating"), rating, true],
      ]} />
    </section>
  );
}

export function Chats({ data }) {
  const c = data.chats;
  const title = t("reports.chat_figures");
  return (
    <section class="reports-section" aria-labelledby="reports-chats-title" data-report="chats">
      <div class="insights-table-head">
        <h3 id="reports-chats-title">{title}</h3>
        <Csv table="chats" title={title} />
      </div>
      <Cards label={title} items={[
        ["total", t("reports.chats"), formatNumber(c.total)],
        ["answered", t("reports.answered"), formatNumber(c.answered)],
        ["missed", t("reports.missed"), formatNumber(c.missed)],
        ["transfers", t("reports.transfers"), formatNumber(c.transfers)],
        ["wait_median", t("reports.wait_median"), formatDuration(c.wait_median_seconds)],
        ["wait_p90", t("reports.wait_p90"), formatDuration(c.wait_p90_seconds)],
      ]} />
    </section>
  );
}
