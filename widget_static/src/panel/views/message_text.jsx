// Chat text with its web addresses as links: this site's help center articles open in the panel.
import { linkParts } from "../../shared/message_links.js";
import { navigate } from "../router.js";
import { siteKey } from "../state.js";

/** The article slug a help center address of this site points at, else null (any host: the
 * address an advisor copied may name another host of this server). */
export function articleSlug(url) {
  const parts = url.pathname.split("/").filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return "";
    }
  });
  const [help, site, , kind, slug] = parts;
  return parts.length === 5 && help === "help" && site === siteKey && kind === "articles" &&
    /^[a-z0-9][a-z0-9-]{0,199}$/.test(slug) ? slug : null;
}

/** A message body: plain text, with articles of this help center opening in the article view
 * and other addresses opening in a new tab without a handle on the panel. */
export function MessageText({ text, className = "hw-msg-body" }) {
  return (
    <p class={className}>
      {linkParts(text).map((part) => {
        if (typeof part === "string") return part;
        const slug = articleSlug(part.url);
        if (slug) {
          return (
            <a class="hw-msg-article" href={part.url.pathname} data-slug={slug}
              onClick={(event) => { event.preventDefault(); navigate("article", { slug }); }}>{part.text}</a>
          );
        }
        return <a href={part.url.href} target="_blank" rel="noopener noreferrer">{part.text}</a>;
      })}
    </p>
  );
}
