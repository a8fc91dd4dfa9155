// My requests: open and closed tabs, a page at a time, refreshed live by ticket events.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { formatDate, t } from "../i18n.js";
import { navigate } from "../router.js";
import { ensureSession, onSession } from "../session.js";
import { getSocket, on } from "../socket.js";
import { config } from "../state.js";
import { ErrorNote, Loading, Screen } from "../ui.jsx";

const PER_PAGE = 10;
const STATES = ["open", "closed"];

/** A status as a coloured tag (the text says it; the colour only repeats it). */
export function StatusTag({ status, label }) {
  return <span class={`hw-status hw-status-${status}`}>{label}</span>;
}

export default function RequestsView() {
  const [state, setState] = useState("open");
  const [page, setPage] = useState(1);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const asked = useRef(0);
  const tabs = useRef(null);

  async function load(wanted = state, at = page) {
    const ask = ++asked.current;
    try {
      await ensureSession();
      const found = await api("GET", "/tickets", { query: { state: wanted, page: at, per_page: PER_PAGE } });
      if (ask !== asked.current) return;
      setData(found);
      setError(null);
    } catch (failure) {
      if (ask === asked.current) setError(failure);
    }
  }

  useEffect(() => { load(state, page); }, [state, page]);

  // The host identified its user (or logged out): their requests, not the visitor's before.
  useEffect(() => onSession(() => load(state, page)), [state, page]);

  // A created, answered, closed or rated request moves between tabs and rows: ask again. Ask
  // again too whenever the socket (re)connects: what changed before it listened sent no event.
  useEffect(() => {
    let timer = null;
    const again = () => {
      clearTimeout(timer);
      timer = setTimeout(() => load(state, page), 150);
    };
    getSocket().catch(() => null);
    const offTicket = on("ticket", again);
    const offConnect = on("connect", again);
    return () => { offTicket(); offConnect(); clearTimeout(timer); };
  }, [state, page]);

  function choose(next) {
    if (next === state) return;
    setData(null);
    setState(next);
    setPage(1);
  }

  // Arrow keys move between the two tabs, as in any tab list.
  function onTabKey(event) {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    event.preventDefault();
    const next = state === "open" ? "closed" : "open";
    choose(next);
    tabs.current?.querySelector(`#hw-req-tab-${next}`)?.focus();
  }

  const rows = data?.tickets || [];
  const pages = data ? Math.max(1, Math.ceil(data.total / PER_PAGE)) : 1;
  const mayOpen = (config.value?.menu || []).some((entry) => entry.item === "new_request");
  return (
    <Screen title={t("requests_title")}>
      <div class="hw-tabs" role="tablist" aria-label={t("requests_title")} ref={tabs} onKeyDown={onTabKey}>
        {STATES.map((name) => (
          <button type="button" role="tab" id={`hw-req-tab-${name}`} aria-controls="hw-req-panel"
            aria-selected={state === name ? "true" : "false"} tabIndex={state === name ? 0 : -1}
            class="hw-tab" onClick={() => choose(name)}>
            {t(`requests_tab_${name}`)}
          </button>
        ))}
      </div>
      <div id="hw-req-panel" role="tabpanel" aria-labelledby={`hw-req-tab-${state}`}>
        <ErrorNote error={error} />
        {!data && !error && <Loading />}
        {data && rows.length === 0 && (
          <div class="hw-req-empty">
            <p>{t(state === "open" ? "requests_none_open" : "requests_none_closed")}</p>
            {mayOpen && (
              <button type="button" class="hw-button" onClick={() => navigate("new_request")}>
                {t("requests_new")}
              </button>
            )}
          </div>
        )}
        {rows.length > 0 && (
          <ul class="hw-req-list">
            {rows.map((ticket) => (
              <li key={ticket.number}>
                <button type="button" class="hw-req-row" data-number={ticket.number}
                  onClick={() => navigate("request", { number: ticket.number })}>
                  <span class="hw-req-top">
                    <span class="hw-req-ref">{ticket.reference}</span>
                    <StatusTag status={ticket.status} label={ticket.status_label} />
                  </span>
                  <span class="hw-req-subject">{ticket.subject}</span>
                  <span class="hw-req-meta">{ticket.category_title}</span>
                  <span class="hw-req-meta">
                    {t("requests_created", { when: formatDate(ticket.created_at, false) })}
                    {" · "}
                    {t("requests_updated", { when: formatDate(ticket.updated_at) })}
                  </span>
                  {ticket.created_by && <span class="hw-req-meta">{t("requests_by", { name: ticket.created_by })}</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
        {data && pages > 1 && (
          <nav class="hw-pager" aria-label={t("requests_pages")}>
            <button type="button" class="hw-button hw-secondary" disabled={page <= 1}
              onClick={() => setPage(page - 1)}>{t("requests_previous")}</button>
            <span>{t("requests_page", { page, pages })}</span>
            <button type="button" class="hw-button hw-secondary" disabled={page >= pages}
              onClick={() => setPage(page + 1)}>{t("requests_next")}</button>
          </nav>
        )}
        {mayOpen && rows.length > 0 && (
          <div class="hw-actions">
            <button type="button" class="hw-button hw-secondary" onClick={() => navigate("new_request")}>
              {t("requests_new")}
            </button>
          </div>
        )}
      </div>
    </Screen>
  );
}
