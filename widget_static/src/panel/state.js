// Panel-wide state as signals: components that read one re-render when it changes.
import { signal } from "@preact/signals";
import { boot } from "./boot.js";

/** The site key the panel serves. */
export const siteKey = boot.site;
/** Widget configuration of the site (GET /api/v1/widget), filled at boot. */
export const config = signal(boot.config || null);
/** The UI language: "en", "es" or "pl". */
export const locale = signal(boot.locale || "en");
/** The identified user (from POST /session) or null for an anonymous visitor. */
export const user = signal(null);
/** The host page's current route and title, for "help on this page" and new requests. */
export const hostRoute = signal({ route: "/", title: "" });
/** Chat messages from advisors not seen yet (shown as a badge on the launcher). */
export const unread = signal(0);
/** Whether the host currently shows the panel. */
export const visible = signal(false);
