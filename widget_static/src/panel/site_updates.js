// Settings changed by the site's admins reach an open panel live: it refetches the widget
// configuration (menu, brand colour, contact, topics) and redraws without a reload.
import { effect } from "@preact/signals";
import { api } from "./api.js";
import { getSocket, on } from "./socket.js";
import { config, visible } from "./state.js";
import { applyBrand } from "./theme.js";

let fetching = null;
let stale = false;

async function refetch() {
  // Several changes in a row need one read of the latest settings, not one each; but a change
  // heard during a read may have missed it, so one more read follows that one.
  if (fetching) {
    stale = true;
    return fetching;
  }
  fetching = api("GET", "/widget")
    .then((fresh) => {
      config.value = fresh;
      applyBrand(fresh?.site?.brand_color);
    })
    .catch(() => null) // the panel keeps what it shows; the next change or load tries again
    .finally(() => {
      fetching = null;
      if (stale) {
        stale = false;
        refetch();
      }
    });
  return fetching;
}

on("site:updated", refetch);
// A change saved while the socket was away (or before it first listened) sent nothing it heard.
on("connect", refetch);

// The socket otherwise opens with the first live need (a chat, open requests): while the panel
// is shown it is one, so a settings change is heard.
effect(() => {
  if (visible.value) getSocket().catch(() => null);
});
