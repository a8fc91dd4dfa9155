// The help menu: a search box, the status banner and the site's enabled help items in order.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { formatWindow, t } from "../i18n.js";
import { helpCenterUrl } from "../links.js";
import { navigate } from "../router.js";
import { config, user, visible } from "../state.js";
import { Screen } from "../ui.jsx";
import { preload } from "../view_loader.js";
import "./ticket_news.js"; // answers to requests count as unread from the start

// Outline icons on a 24px grid, drawn with the text colour.
const ICONS = {
  search: <><circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" /></>,
  page_help: <><path d="M6 3h9l4 4v14H6z" /><path d="M14 3v5h5M9 13h7M9 17h5" /></>,
  chat: <path d="M4 5h16v11H9l-5 4z" />,
  my_requests: <path d="M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01" />,
  new_request: <><rect x="4" y="4" width="16" height="16" rx="2" /><path d="M12 8v8M8 12h8" /></>,
  trainings: <><path d="m2 9 10-5 10 5-10 5z" /><path d="M6 11v5c3 2 9 2 12 0v-5" /></>,
  remote_support: <><rect x="3" y="4" width="18" height="12" rx="1" /><path d="M8 20h8M12 16v4M9 10h6M13 8l2 2-2 2" /></>,
  speed_test: <><path d="M4 18a8 8 0 1 1 16 0" /><path d="m12 18 4-6" /></>,
  status: <path d="M3 12h4l2-6 4 12 2-6h6" />,
  contact: <path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2" />,
  community: <><circle cx="9" cy="8" r="3" /><circle cx="17" cy="9" r="2.5" /><path d="M3 19a6 6 0 0 1 12 0M14 19a4 4 0 0 1 7-2.6" /></>,
};

// The view each menu item opens.
const VIEW = {
  search: "search", page_help: "page_help", chat: "chat", my_requests: "requests",
  new_request: "new_request", trainings: "trainings", remote_support: "remote_support",
  speed_test: "speed_test", status: "status", contact: "contact",
  community: "community", // a link: the help center's community opens in a new tab
};

const BANNER_KINDS = ["maintenance_now", "maintenance_soon", "incident"];

function Icon({ item }) {
  return (
    <span class="hw-menu-icon">
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"
        stroke-linejoin="round" aria-hidden="true" focusable="false">{ICONS[item]}</svg>
    </span>
  );
}

/** Whether an advisor can chat now, asked again each time the panel is shown. */
function useAvailability(wanted) {
  const [availability, setAvailability] = useState(null);
  const shown = visible.value;
  useEffect(() => {
    if (!wanted || !shown) return undefined;
    let current = true;
    api("GET", "/chat/availability").then((data) => current && setAvailability(data))
      .catch(() => current && setAvailability(null));
    return () => { current = false; };
  }, [wanted, shown]);
  return availability;
}

function ChatDescription({ availability }) {
  if (!availability) return t("menu_chat_desc");
  if (availability.can_chat) return <><span class="hw-dot hw-dot-on" aria-hidden="true" />{t("menu_chat_online")}</>;
  return <><span class="hw-dot" aria-hidden="true" />
    {t(!availability.within_hours ? "menu_chat_closed"
      : availability.online ? "menu_chat_busy" : "menu_chat_offline")}</>;
}

/** A menu item: a button opening its view, or for the community a link to the help center's. */
function MenuEntry({ entry, children }) {
  const url = entry.item === "community" ? helpCenterUrl(entry.url) : null;
  if (url) {
    return (
      <a class="hw-menu-item" data-item={entry.item} href={url} target="_blank" rel="noopener noreferrer">
        {children}<span class="hw-visually-hidden">{t("article_new_tab")}</span>
      </a>
    );
  }
  return (
    <button type="button" class="hw-menu-item" data-item={entry.item}
      onPointerEnter={() => preload(VIEW[entry.item])} onClick={() => navigate(VIEW[entry.item])}>{children}</button>
  );
}

function Banner({ banner, windows, linked }) {
  if (!banner || !banner.text) return null;
  const kind = BANNER_KINDS.includes(banner.kind) ? banner.kind : "incident";
  // A maintenance window reads as the status view says it: by the panel's one rule for times.
  const item = kind !== "incident" && (windows || []).find((w) => w.starts_at === banner.starts_at);
  return (
    <div class={`hw-banner hw-banner-${kind}`} role="status">
      {item ? (
        <>
          <p>{t(`banner_${kind}`, { title: item.title })}</p>
          <p class="hw-banner-when">{formatWindow(item)}</p>
        </>
      ) : <p>{banner.text}</p>}
      {linked && (
        <button type="button" class="hw-banner-link" onClick={() => navigate("status")}>
          {t("home_status_details")}
        </button>
      )}
    </div>
  );
}

export default function HomeView() {
  const settings = config.value || {};
  const menu = (settings.menu || []).filter((entry) => VIEW[entry.item]);
  const offered = (item) => menu.some((entry) => entry.item === item);
  const availability = useAvailability(offered("chat"));
  const [q, setQ] = useState("");
  const name = user.value?.name;

  function describe(item) {
    if (item === "chat") return <ChatDescription availability={availability} />;
    if (item === "status" && settings.status?.label) return settings.status.label;
    return t(`menu_${item}_desc`);
  }

  return (
    <Screen title={t("home_title")}>
      {name && <p class="hw-greeting">{t("home_hello", { name })}</p>}
      {offered("search") && (
        <form class="hw-home-search" role="search"
          onSubmit={(event) => { event.preventDefault(); navigate("search", { q: q.trim() }); }}>
          <label for="hw-home-q" class="hw-visually-hidden">{t("search_label")}</label>
          <input id="hw-home-q" type="search" value={q} maxLength={200} autocomplete="off"
            placeholder={t("search_placeholder")} onInput={(event) => setQ(event.currentTarget.value)} />
          <button type="submit" class="hw-button">{t("home_search_button")}</button>
        </form>
      )}
      <Banner banner={settings.status?.banner} windows={settings.status?.maintenance} linked={offered("status")} />
      {menu.length ? (
        <ul class="hw-menu">
          {menu.map((entry) => (
            <li key={entry.item}>
              <MenuEntry entry={entry}>
                <Icon item={entry.item} />
                <span class="hw-menu-text">
                  <span class="hw-menu-label">{t(`menu_${entry.item}`)}</span>
                  <span class="hw-menu-desc">{describe(entry.item)}</span>
                </span>
                <span class="hw-menu-chevron" aria-hidden="true">›</span>
              </MenuEntry>
            </li>
          ))}
        </ul>
      ) : (
        <p class="hw-muted">{t("home_empty")}</p>
      )}
    </Screen>
  );
}
