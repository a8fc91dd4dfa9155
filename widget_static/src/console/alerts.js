// Alerts: a beep (no audio file), a browser notification when allowed, and always a toast.
// Sound is on from the start; the browser is asked once per sign-in about notifications.
import { t } from "./i18n.js";
import { toast } from "./toasts.jsx";

const ASKED_KEY = "hw-console-asked-notifications";
const RESUME_WAIT_MS = 2000;
const alertsButton = document.getElementById("enable-alerts");
let audio = null;
let blockedBanner = null;

const permission = () => ("Notification" in window ? Notification.permission : "unsupported");

/** Offer "Turn on alerts" while the browser holds sound or has not been asked about
 * notifications; say so on the page when notifications are blocked. */
function refreshAlertsButton() {
  const soundHeld = Boolean(audio) && audio.state !== "running";
  if (alertsButton) alertsButton.hidden = !(permission() === "default" || soundHeld);
  const blocked = permission() === "denied";
  if (blocked && !blockedBanner) {
    blockedBanner = document.createElement("p");
    blockedBanner.className = "alerts-blocked";
    blockedBanner.setAttribute("role", "alert");
    blockedBanner.textContent = t("alerts.blocked");
    const main = document.getElementById("main");
    if (main && main.parentNode) main.parentNode.insertBefore(blockedBanner, main);
  }
  if (blockedBanner) blockedBanner.hidden = !blocked;
}

/** Start sound (browsers may hold it until the first click on the page). */
function unlockAudio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  if (!audio) {
    try {
      audio = new Context();
    } catch {
      audio = null;
      return;
    }
    audio.onstatechange = refreshAlertsButton;
  }
  if (audio.state === "suspended") audio.resume().then(refreshAlertsButton, refreshAlertsButton);
}

/** Ask for notification permission; the answer updates the button and the banner. */
function askPermission() {
  if (permission() !== "default") return;
  try {
    const asked = Notification.requestPermission(refreshAlertsButton);
    if (asked && asked.then) asked.then(refreshAlertsButton, refreshAlertsButton);
  } catch {
    refreshAlertsButton();
  }
}

/** Play a short beep (two for urgent alerts), starting sound first if the browser held it. */
export function beep(urgent) {
  if (!audio) unlockAudio();
  if (!audio) return;
  if (audio.state === "running") {
    tones(urgent);
  } else if (audio.state === "suspended") {
    // The browser may let sound start now; if it only does at a later click, that beep is stale.
    const asked = Date.now();
    audio.resume().then(() => {
      refreshAlertsButton();
      if (audio.state === "running" && Date.now() - asked < RESUME_WAIT_MS) tones(urgent);
    }, refreshAlertsButton);
  }
}

/** The beep itself: one or two tones of an oscillator. */
function tones(urgent) {
  for (let i = 0; i < (urgent ? 2 : 1); i += 1) {
    const start = audio.currentTime + i * 0.25;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = "sine";
    osc.frequency.value = urgent ? 880 : 660;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
    osc.connect(gain);
    gain.connect(audio.destination);
    osc.start(start);
    osc.stop(start + 0.2);
  }
}

/** Alert the advisor: a sound, a browser notification when allowed, and always a toast. */
export function notify(title, text, options = {}) {
  beep(options.urgent);
  if ("Notification" in window && Notification.permission === "granted") {
    try {
      const shown = new Notification(title, { body: text || "", tag: options.tag || undefined,
        requireInteraction: Boolean(options.urgent) });
      shown.onclick = () => {
        window.focus();
        shown.close();
        if (options.onClick) options.onClick();
      };
    } catch {
      /* some browsers only notify from a service worker: the toast remains */
    }
  }
  return toast(title, text, options);
}

/** Prepare sound and, once per sign-in, ask whether the console may show notifications (an
 * unseen chat must not wait unnoticed). */
export function startAlerts() {
  if (alertsButton) {
    alertsButton.addEventListener("click", () => {
      unlockAudio();
      askPermission();
    });
  }
  // Any click counts as the gesture that lets the console play sounds later.
  document.addEventListener("click", unlockAudio, { capture: true });
  unlockAudio();
  // Asked once per sign-in: signing out forgets it, so the next sign-in in this tab asks again.
  const signOut = document.querySelector("form.logout");
  if (signOut) signOut.addEventListener("submit", () => {
    try {
      window.sessionStorage.removeItem(ASKED_KEY);
    } catch {
      /* private mode */
    }
  });
  let asked = false;
  try {
    asked = window.sessionStorage.getItem(ASKED_KEY) === "1";
  } catch {
    /* private mode */
  }
  if (!asked && permission() === "default") {
    try {
      window.sessionStorage.setItem(ASKED_KEY, "1");
    } catch {
      /* asked once anyway */
    }
    askPermission();
  }
  refreshAlertsButton();
}
