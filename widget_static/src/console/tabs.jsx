// The console's sections (Chats, Tickets, Conversations, Incoming mail, Community & comments,
// Insights, Reports, Articles, Site settings, Team, Audit trail, My account) as tabs: the server
// renders them; each view mounts the first time it is shown, so a console opened on one tab does
// no work (and has no forms) for the others.
import { render } from "preact";

const tabs = Array.from(document.querySelectorAll("[data-view-tab]"));
const views = {}; // name -> {component, show}
const mounted = new Set();
let ready = false; // views mount once the advisor is known

/** Register the view `name`: its component, and what to do each time it is shown. */
export function register(name, component, onShow) {
  views[name] = { component, onShow };
}

/** Show the view `name` (the first visible one if there is no such tab); return its name. */
export function show(wanted) {
  let name = wanted;
  if (!tabs.some((tab) => tab.getAttribute("data-view-tab") === name && !tab.hidden)) {
    name = tabs.length ? tabs[0].getAttribute("data-view-tab") : name;
  }
  for (const tab of tabs) {
    const mine = tab.getAttribute("data-view-tab") === name;
    tab.setAttribute("aria-selected", mine ? "true" : "false");
    tab.tabIndex = mine ? 0 : -1;
    const panel = document.getElementById(`view-${tab.getAttribute("data-view-tab")}`);
    if (panel) panel.hidden = !mine;
  }
  if (window.location.hash !== `#${name}`) history.replaceState(null, "", `#${name}`);
  if (ready) mount(name);
  if (views[name] && views[name].onShow) views[name].onShow();
  return name;
}

/** Render the view `name` into its panel, once. */
function mount(name) {
  const view = views[name];
  const panel = document.getElementById(`view-${name}`);
  if (!view || !panel || mounted.has(name)) return;
  mounted.add(name);
  try {
    render(<view.component />, panel);
  } catch (error) {
    window.console.error(error);
  }
}

/** Show the view the address names (mounting it), once the advisor is known. */
export function mountViews() {
  ready = true;
  show((window.location.hash || "").replace(/^#/, "").split("/")[0] || "chats");
}

/** Switch tabs by click and by the arrow keys. */
export function startTabs() {
  for (const tab of tabs) {
    tab.addEventListener("click", () => show(tab.getAttribute("data-view-tab")));
    tab.addEventListener("keydown", (event) => {
      const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      const visible = tabs.filter((x) => !x.hidden);
      const next = visible[(visible.indexOf(tab) + step + visible.length) % visible.length];
      next.focus();
      show(next.getAttribute("data-view-tab"));
    });
  }
}
