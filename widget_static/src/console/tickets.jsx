// The Tickets view: the inbox (filters, list by due time, pager) and one ticket's detail.
import { useEffect } from "preact/hooks";
import { t } from "./i18n.js";
import { TicketDetail } from "./ticket_detail.jsx";
import { TicketFilters } from "./ticket_filters.jsx";
import { TicketCount, TicketList } from "./ticket_list.jsx";
import { inbox, loadCategories, reload } from "./tickets_state.js";
import { Pager } from "./ui.jsx";

export function TicketsView() {
  useEffect(() => {
    loadCategories();
    reload(true);
  }, []);
  return (
    <div class="tickets">
      <div class="inbox">
        <h2 class="visually-hidden">{t("tickets.inbox")}</h2>
        <TicketFilters />
        <TicketCount />
        <TicketList />
        <Pager list={inbox} words="tickets" />
      </div>
      <TicketDetail />
    </div>
  );
}
