// The page's header, rendered by the server: presence (online/away), the live connection's
// state, and the language picker that applies at once.
import { effect } from "@preact/signals";
import { emitAck } from "../shared/chat_protocol.js";
import { t } from "./i18n.js";
import { live, socket } from "./socket.js";
import { toast } from "./toasts.jsx";

const presenceButton = document.getElementById("presence");

function setPresence(status) {
  presenceButton.setAttribute("data-status", status);
  presenceButton.setAttribute("aria-pressed", status === "online" ? "true" : "false");
  presenceButton.textContent = t(status === "online" ? "presence.online" : "presence.away");
  presenceButton.title = t(status === "online" ? "presence.go_away" : "presence.go_online");
}

async function togglePresence() {
  const wanted = presenceButton.getAttribute("data-status") === "online" ? "away" : "online";
  if (!socket.connected) {
    toast(t("error.title"), t("live.not_connected"), { error: true });
    return;
  }
  presenceButton.disabled = true;
  const ack = await emitAck(socket, "presence:set", { status: wanted });
  presenceButton.disabled = false;
  if (!ack.ok) {
    toast(t("error.title"), (ack.error && ack.error.message) || t("live.not_connected"), { error: true });
    return;
  }
  setPresence(ack.status || wanted);
}

/** Bind the header's controls. */
export function startHeader() {
  const liveBadge = document.getElementById("live");
  if (liveBadge) {
    effect(() => {
      liveBadge.setAttribute("data-state", live.value);
      liveBadge.textContent = t(`live.${live.value}`);
    });
  }
  const languageSelect = document.getElementById("console-language");
  if (languageSelect) {
    languageSelect.addEventListener("change", () => languageSelect.form.submit());
    const languageButton = languageSelect.form.querySelector("button");
    if (languageButton) languageButton.hidden = true;
  }
  if (presenceButton) {
    setPresence(presenceButton.getAttribute("data-status") || "away");
    presenceButton.addEventListener("click", togglePresence);
  }
}
