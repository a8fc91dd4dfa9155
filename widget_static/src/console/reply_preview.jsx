// A ticket reply as it will show once sent: the thread and the widget show a comment as plain
// text (line breaks kept; the widget makes web addresses links), never as Markdown, so the
// preview does the same instead of promising formatting nobody will see.
import { linkParts } from "../shared/message_links.js";
import { t } from "./i18n.js";

/** The text `text` as the thread shows it; `links`: web addresses as links (what requesters get). */
export function ReplyPreview({ id, text, links, hint, hidden }) {
  const parts = links ? linkParts(text) : [text];
  return (
    <div class="reply-preview-box" id={id} role="region" aria-label={t("reply.preview")} hidden={hidden}>
      <p class="hint">{hint}</p>
      <div class="reply-preview text">
        {text.trim() ? parts.map((part) => (typeof part === "string" ? part
          : <a href={part.url.href} target="_blank" rel="noopener noreferrer">{part.text}</a>))
          : <span class="empty">{t("reply.preview_empty")}</span>}
      </div>
    </div>
  );
}
