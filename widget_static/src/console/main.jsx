// The advisor console: the header, the tabs and the alerts the server renders, with the views
// (Chats, Tickets, Conversations, Incoming mail, Community & comments, Insights, Reports, Articles,
// Site settings, Team, Audit trail, My account)
// mounted when first shown, once the advisor is known.
import "./console.css";
import "./chats.css";
import "./posts.css";
import "./conversations.css";
import { startAlerts } from "./alerts.js";
import { api } from "./api.js";
import { AccountView } from "./account.jsx";
import { ArticlesView } from "./articles.jsx";
import { AuditView } from "./audit.jsx";
import { ChatsView, showChats } from "./chats.jsx";
import { ConversationsView } from "./conversations.jsx";
import { InboundMailView } from "./inbound_mail.jsx";
import { InsightsView } from "./insights.jsx";
import { startChats } from "./chats_state.js";
import { startHeader } from "./header.js";
import { isAdmin, me } from "./me.js";
import { PostsView, showPosts } from "./posts.jsx";
import { ReportsView } from "./reports.jsx";
import { SettingsView } from "./settings.jsx";
import { startShortcuts } from "./shortcuts.js";
import { socket } from "./socket.js";
import { mountViews, register, startTabs } from "./tabs.jsx";
import { TeamView } from "./team.jsx";
import { TicketsView } from "./tickets.jsx";
import { listen as listenToTickets, openNumber } from "./tickets_state.js";
import { fail, startToasts } from "./toasts.jsx";

register("chats", ChatsView, showChats);
register("tickets", TicketsView);
register("conversations", ConversationsView);
register("mail", InboundMailView);
register("articles", ArticlesView);
register("posts", PostsView, showPosts);
register("insights", InsightsView);
register("reports", ReportsView);
register("settings", SettingsView);
register("team", TeamView);
register("audit", AuditView);
register("account", AccountView);

async function start() {
  startToasts();
  startAlerts();
  startHeader();
  startShortcuts();
  startTabs();
  // Urgent requests alert from the start, whichever view is shown.
  listenToTickets(socket);
  let advisor;
  try {
    advisor = await api("GET", "/advisor/me");
  } catch (error) {
    fail(error);
    return;
  }
  me.value = advisor;
  const name = document.getElementById("me-name");
  if (name) name.textContent = advisor.name;
  const articlesTab = document.querySelector('[data-view-tab="articles"]');
  if (articlesTab) articlesTab.hidden = !isAdmin();
  const insightsTab = document.querySelector('[data-view-tab="insights"]');
  if (insightsTab) insightsTab.hidden = !advisor.sites.length;
  const reportsTab = document.querySelector('[data-view-tab="reports"]');
  if (reportsTab) reportsTab.hidden = !advisor.sites.length;
  // The owner also reads the mail that matched no site, even before any site exists.
  const mailTab = document.querySelector('[data-view-tab="mail"]');
  if (mailTab) mailTab.hidden = !advisor.sites.length && !advisor.is_owner;
  for (const name of ["settings", "team", "audit"]) {
    const tab = document.querySelector(`[data-view-tab="${name}"]`);
    // The owner of a server without sites yet still needs Site settings to create the first.
    if (tab) tab.hidden = !isAdmin() && !(name === "settings" && advisor.is_owner);
  }
  if (document.getElementById("view-chats")) startChats();
  // The reply email links to its ticket as #tickets/<number>; showing the view shortens the address.
  const linked = /^#tickets\/(\d+)$/.exec(window.location.hash);
  mountViews();
  if (linked) openNumber(Number(linked[1]));
}

start();
