// The REST API as the console calls it: the session cookie and the CSRF token, answers as JSON,
// errors carrying the server's translated message.
import { locale, t } from "./i18n.js";

const body = document.body;
const apiBase = body.getAttribute("data-api-base") || "/api/v1";
const loginUrl = body.getAttribute("data-login-url") || "/console/login";

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

/** Return the full address of an API path ("/advisor/me" -> "/api/v1/advisor/me"). */
export const apiUrl = (path) => apiBase + path;

function failure(response, data) {
  const error = new Error((data && data.error) || t("error.generic"));
  error.status = response.status;
  error.fields = (data && data.fields) || {};
  error.code = data && data.code;
  return error;
}

/** Call the API; resolve with the JSON body. Errors have .status, .fields and .code. */
export async function api(method = "GET", path, payload) {
  const verb = method.toUpperCase();
  const url = path.startsWith("/api/") || /^https?:/.test(path) ? path : apiBase + path;
  const headers = { Accept: "application/json", "X-HelpWidget-Locale": locale };
  const options = { method: verb, headers, credentials: "same-origin" };
  if (verb !== "GET" && verb !== "HEAD") headers["X-CSRFToken"] = csrfToken();
  if (payload !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(payload);
  }
  let response;
  try {
    response = await fetch(url, options);
  } catch {
    throw new Error(t("error.network"));
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  // The session ended (sign-out elsewhere, password change): back to the sign-in page.
  if (response.status === 401) window.location.assign(loginUrl);
  throw failure(response, data);
}

/** POST a file as multipart with the console's CSRF token; resolve with the stored upload. */
export async function upload(form) {
  let response;
  try {
    response = await fetch(apiUrl("/advisor/uploads"), {
      method: "POST", body: form, credentials: "same-origin",
      headers: { Accept: "application/json", "X-HelpWidget-Locale": locale, "X-CSRFToken": csrfToken() },
    });
  } catch {
    throw new Error(t("error.network"));
  }
  const data = await response.json().catch(() => null);
  if (response.ok && data) return data;
  throw new Error((data && data.error) || t("error.generic"));
}
