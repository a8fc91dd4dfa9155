// The REST client: every call carries the site, the language and the visitor's bearer token.
import { locale, siteKey } from "./state.js";

let token = null;

/** An API error: `message` is already in the user's language; `fields` maps input names to messages. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.error?.message || body.error)) || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code || body?.error?.code || null;
    this.fields = body?.fields || body?.error?.fields || {};
    this.body = body;
  }
}

/** Use `value` as the visitor token of later calls. */
export function setToken(value) {
  token = value;
}

/** Return the current visitor token (null before the session opens). */
export function getToken() {
  return token;
}

/**
 * Call the API: `api("GET", "/search", {query: {q}})`, `api("POST", "/tickets", {body})`,
 * `api("POST", "/uploads", {form: FormData})`. Resolves to the JSON body; throws ApiError.
 */
export async function api(method, path, { query = {}, body, form } = {}) {
  const params = new URLSearchParams({ site: siteKey, locale: locale.value });
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(name, value);
  }
  const headers = { "Accept-Language": locale.value };
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (form) {
    form.set("site", siteKey);
    payload = form;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify({ site: siteKey, ...body });
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}?${params}`, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, { error: null, code: "offline" });
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}
