// Which view the panel shows: the top of the router's stack, mapped to its component.
import { useEffect } from "preact/hooks";
import { t } from "./i18n.js";
import { stack } from "./router.js";
import { ErrorNote, Loading, Screen } from "./ui.jsx";
import { VIEW_NAMES, failed, loaded, preload } from "./view_loader.js";
import HomeView from "./views/home.jsx";

// Each stack entry gets its own key, so showing the same view with new params starts it afresh.
const keys = new WeakMap();
let lastKey = 0;

function keyOf(entry) {
  if (!keys.has(entry)) keys.set(entry, ++lastKey);
  return keys.get(entry);
}

/** A view whose module could not be fetched: said so, with a way to try again. */
function Unavailable({ name }) {
  return (
    <Screen title={t("home_title")}>
      <ErrorNote error={{ code: "offline" }} />
      <button type="button" class="hw-button" onClick={() => preload(name)}>{t("chat_retry")}</button>
    </Screen>
  );
}

// The view last shown stays on screen while the next one's module is on its way.
let shown = null;

export default function App() {
  const entries = stack.value;
  const top = entries[entries.length - 1];
  const name = VIEW_NAMES.includes(top.name) ? top.name : "home";
  const View = name === "home" ? HomeView : loaded.value[name];
  const waiting = !View && failed.value !== name;
  // While the next view's module is on its way the last one stays on screen, but takes no
  // input: what is typed into it would be lost when the next view replaces it.
  useEffect(() => {
    document.querySelector(".hw-screen > .hw-body")?.toggleAttribute("inert", waiting);
  });
  if (View) {
    shown = <View key={keyOf(top)} params={top.params || {}} />;
    return shown;
  }
  if (failed.value === name) return <Unavailable name={name} />;
  preload(name);
  return shown || <Screen title={t("loading")}><Loading /></Screen>;
}
