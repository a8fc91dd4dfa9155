// The advisor console: the header, the tabs and the alerts the server renders, with the views
// (Chats, Tickets, Community & comments, Articles) mounted once the advisor is known.
import "./console.css";
import "./chats.css";
import "./posts.css";
import { startAlerts } from "./alerts.js";
import { api } from "./api.js";
import { ArticlesView } from "./articles.jsx";
import { ChatsView, showChats } from "./chats.jsx";
import { startChats } from "./chats_state.js";
import { startHeader } from "./header.js";
import { isAdmin, me } from "./me.js";
import { PostsView, showPosts } from "./posts.jsx";
import { socket } from "./socket.js";
import { mountViews, register, startTabs } from "./tabs.jsx";
import { TicketsView } from "./tickets.jsx";
import { listen as listenToTickets } from "./tickets_state.js";
import { fail, startToasts } from "./toasts.jsx";

register("chats", ChatsView, showChats);
register("tickets", TicketsView);
register("articles", ArticlesView);
register("posts", PostsView, showPosts);

async function start() {
  startToasts();
  startAlerts();
  startHeader();
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
  if (document.getElementById("view-chats")) startChats();
  mountViews();
}

start();
