// The reply form under a ticket: a public reply (optionally setting the status) or an internal note.
import { useState } from "preact/hooks";
import { t } from "./i18n.js";
import { comment, freshReply } from "./tickets_state.js";
import { Labelled, Option } from "./ui.jsx";

const THEN = ["pending", "awaiting_reply", "resolved"];

function ReplyForm({ closed }) {
  const [body, setBody] = useState("");
  const [internal, setInternal] = useState(false);
  const [then, setThen] = useState("");
  const [sending, setSending] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    const text = body.trim();
    if (!text) return;
    const payload = { body: text, internal };
    if (!internal && then) payload.status = then;
    setSending(true);
    await comment(payload);
    setSending(false);
  };
  return (
    <form class={`reply${internal ? " note" : ""}`} onSubmit={submit}>
      <fieldset disabled={closed}>
        <legend class="visually-hidden">{t("tickets.reply")}</legend>
        <textarea name="body" rows="5" maxlength="20000" required aria-label={t("tickets.message")}
          placeholder={internal ? t("tickets.note_placeholder") : t("tickets.reply_placeholder")}
          value={body} onInput={(event) => setBody(event.currentTarget.value)} />
        <div class="row">
          <label class="check">
            <input type="checkbox" name="internal" checked={internal}
              onChange={(event) => setInternal(event.currentTarget.checked)} />
            {t("tickets.internal_toggle")}
          </label>
          <Labelled text={t("tickets.after_sending")}>
            <select name="status" disabled={internal} value={then} onChange={(event) => setThen(event.currentTarget.value)}>
              <Option value="" label={t("tickets.keep_status")} />
              {THEN.map((s) => <Option value={s} label={t("tickets.then", { status: t(`status.${s}`) })} />)}
            </select>
          </Labelled>
          <button type="submit" disabled={sending}>{internal ? t("tickets.add_note") : t("tickets.send_reply")}</button>
        </div>
      </fieldset>
    </form>
  );
}

/** The form, started afresh when another ticket opens and after each reply. */
export function TicketReply({ closed }) {
  return <ReplyForm key={freshReply.value} closed={closed} />;
}
