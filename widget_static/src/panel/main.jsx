// The panel's entry: render the views, apply the site's colour and obey the host page's commands.
import { effect } from "@preact/signals";
import { render } from "preact";
import App from "./app.jsx";
import { onHost, post } from "./bridge.js";
import { focusPanel, moveFocus, trapFocus } from "./focus.js";
import "./host_api.js"; // the host page's JS API calls
import "./site_updates.js"; // settings changed by admins, applied live
import { config, unread, visible } from "./state.js";
import { applyBrand } from "./theme.js";
import "./panel.css";

const root = document.getElementById("hw-root");

applyBrand(config.value?.site?.brand_color);

onHost("shown", () => {
  visible.value = true;
  focusPanel(root);
});
// The host caught a Tab meant for the panel (see the loader): it moves focus here instead.
onHost("tab", (backwards) => moveFocus(root, backwards === true));
onHost("hidden", () => {
  visible.value = false;
});

let reported = unread.value;
effect(() => {
  const count = unread.value;
  if (count !== reported) {
    reported = count;
    post("unread", { count });
  }
});

render(<App />, root);
trapFocus(root);
post("ready");
