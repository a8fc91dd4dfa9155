// After a chat: the request it became, the rating (once) and the transcript by email.
import { useState } from "preact/hooks";
import { t } from "../i18n.js";
import { navigate } from "../router.js";
import { request } from "../socket.js";
import { user } from "../state.js";
import { ErrorNote, Field } from "../ui.jsx";
import { chat, load, resetChat, setChat } from "./chat_state.js";
import { Rating } from "./rating.jsx";

/** After the chat: the ticket it became, the rating (once) and the transcript by email. */
export function Ended({ current }) {
  const me = user.value;
  const [email, setEmail] = useState(me?.email || "");
  const [sent, setSent] = useState(null);
  const [error, setError] = useState(null);

  async function transcript(event) {
    event.preventDefault();
    setError(null);
    try {
      const answer = await request("chat:transcript", { chat_id: current.id, email: email.trim() });
      setSent(answer.email);
    } catch (failure) {
      setError(failure);
    }
  }

  const fieldError = error?.fields?.email ? [].concat(error.fields.email).join(" ") : null;
  return (
    <div class="hw-chat-ended">
      <p class="hw-chat-notice" role="status">{t("chat_ended")}</p>
      {current.ticket_number && (
        <div class="hw-chat-ticket">
          <p>{t("chat_became_ticket", { reference: `#${current.ticket_number}` })}</p>
          <button type="button" class="hw-button hw-secondary"
            onClick={() => navigate("request", { number: current.ticket_number })}>
            {t("chat_see_ticket")}
          </button>
        </div>
      )}
      {current.claimed_at && current.rating == null && (
        <Rating idPrefix="hw-chat-rate" legend={t("chat_rate")} send={async (score, comment) => {
          const answer = await request("chat:rate", { chat_id: current.id, rating: score, comment });
          setChat({ ...chat.peek(), ...answer.chat });
        }} />
      )}
      {current.rating != null && (
        <p class="hw-chat-rated">{t("chat_rated", { n: current.rating })}</p>
      )}
      {sent ? <p role="status">{t("chat_transcript_sent", { email: sent })}</p> : (
        <form class="hw-chat-transcript" noValidate onSubmit={transcript}>
          <Field id="hw-chat-transcript-email" label={t("chat_transcript_email")} error={fieldError}>
            <input id="hw-chat-transcript-email" type="email" autocomplete="email" value={email}
              aria-invalid={fieldError ? "true" : undefined}
              onInput={(event) => { setEmail(event.currentTarget.value); setError(null); }} />
          </Field>
          {error && !fieldError && <ErrorNote error={error} />}
          <button type="submit" class="hw-button hw-secondary">{t("chat_transcript_send")}</button>
        </form>
      )}
      <button type="button" class="hw-link-button" onClick={() => { resetChat(); load(); }}>
        {t("chat_new")}
      </button>
    </div>
  );
}
