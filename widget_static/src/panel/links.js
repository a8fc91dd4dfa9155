// The addresses the panel links to: web ones only, and the help center's pages on this server.

/** An http(s) address as given, or null for anything else (javascript:, data:...). */
export function webAddress(value) {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** The help center address of `url` if it is one of this server's pages, else null. */
export function helpCenterUrl(url) {
  return typeof url === "string" && url.startsWith("/help/") ? url : null;
}
