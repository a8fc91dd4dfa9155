// The visitor's session: a stored token, upgraded to an identified user by the host's signed JWT.
import { api, setToken } from "./api.js";
import { onHost, post } from "./bridge.js";
import { setLocale } from "./i18n.js";
import { locale, siteKey, user } from "./state.js";

const storageKey = `helpwidget:${siteKey}:token`;
let opening = null;
const listeners = new Set();

// A browser that blocks third-party storage denies the framed panel its own localStorage; the
// host page's loader then keeps the token in the host's storage and hands it back on load.
const ownStorage = (() => {
  try {
    localStorage.getItem(storageKey);
    return true;
  } catch {
    return false;
  }
})();
let hostToken = null;
let hostChat = false;
/** Resolves once the host page has said what it keeps for the panel (at once when unframed). */
export const restored = new Promise((resolve) => {
  if (window.parent === window) return resolve();
  onHost("restore", (data) => {
    hostToken = typeof data?.token === "string" ? data.token : null;
    hostChat = data?.chat === true;
    resolve();
  });
  setTimeout(resolve, 3000); // an old loader that never answers: start a new session
});

/** Whether the host page remembers a chat in progress in this tab. */
export function hostKeepsChat() {
  return hostChat;
}

function stored() {
  return ownStorage ? localStorage.getItem(storageKey) : hostToken;
}

function store(value) {
  if (ownStorage) {
    if (value) localStorage.setItem(storageKey, value);
    else localStorage.removeItem(storageKey);
  } else {
    hostToken = value;
    post("session", { token: value });
  }
}

async function open(identity) {
  if (!ownStorage) await restored;
  setToken(stored());
  const body = identity ? { identity } : {};
  const data = await api("POST", "/session", { body });
  setToken(data.visitor_token);
  store(data.visitor_token);
  user.value = data.user;
  watchExpiry(data);
  // The host's identity may name the user's language; it beats the page's and the browser's.
  if (identity && data.user?.locale && data.user.locale !== locale.value) {
    await setLocale(data.user.locale).catch(() => false);
  }
  for (const listener of listeners) listener(data);
  return data;
}

// An identified session ends with the host's identity token: the panel then goes on
// anonymously and asks the host (the `identity_expired` event) to identify the user again.
let expiryTimer = null;
function watchExpiry(data) {
  clearTimeout(expiryTimer);
  const at = Date.parse(data.identity_expires_at || "");
  if (data.user && !Number.isNaN(at)) expiryTimer = setTimeout(expired, Math.max(0, at - Date.now()));
}

function expired() {
  setToken(null);
  store(null);
  user.value = null;
  opening = null;
  post("event", { name: "identity_expired", data: {} });
  return ensureSession().catch(() => null);
}

/** Resolve to the open session ({visitor_token, user, site, locale}), opening it once. */
export function ensureSession() {
  if (!opening) opening = open(null).catch((error) => { opening = null; throw error; });
  return opening;
}

/** Identify the host's user with a signed JWT; rejects with the server's reason. */
export function identify(jwt) {
  // After any opening under way, so the two never race to set the token.
  const before = opening ? opening.catch(() => null) : Promise.resolve();
  // A refused token must not leave every later ensureSession() rejected.
  opening = before.then(() => open(jwt)).catch((error) => { opening = null; throw error; });
  return opening;
}

/** End the session (the host's user logged out) and start an anonymous one. */
export async function logout() {
  await ensureSession().catch(() => null);
  await api("DELETE", "/session", { body: {} }).catch(() => null);
  setToken(null);
  store(null);
  user.value = null;
  opening = null;
  return ensureSession();
}

/** Call `listener(session)` whenever a session opens or changes user. */
export function onSession(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export { locale };
