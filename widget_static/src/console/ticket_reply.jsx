// The reply box under a ticket: a public reply (optionally setting the status) or an internal
// note, with files, saved replies ("/" or the button) and a preview of how it will show.
import "./ticket_reply.css";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { AttachButton, FileChips, useAttachments } from "./attachment_upload.jsx";
import { t } from "./i18n.js";
import { ReplyPreview } from "./reply_preview.jsx";
import { SavedRepliesButton, useSavedReplyPicker } from "./saved_reply_picker.jsx";
import { comment, detail, freshReply } from "./tickets_state.js";
import { Labelled, Option, messageLines } from "./ui.jsx";

const THEN = ["pending", "awaiting_reply", "resolved"];
const ID = "ticket-reply";

/** The server's refusal in words: its message, then what it said of each field. */
function refusal(error) {
  return [...new Set([error.message, ...messageLines(error.fields)])].filter(Boolean).join(" ");
}

/** Write and Preview: two pressed-or-not buttons over the same draft. */
function ModeSwitch({ previewing, onChange }) {
  return (
    <div class="reply-mode" role="group" aria-label={t("reply.mode")}>
      <button type="button" class="secondary" aria-pressed={previewing ? "false" : "true"}
        aria-controls={`${ID}-body`} onClick={() => onChange(false)}>{t("reply.write")}</button>
      <button type="button" class="secondary" aria-pressed={previewing ? "true" : "false"}
        aria-controls={`${ID}-preview`} onClick={() => onChange(true)}>{t("reply.preview")}</button>
    </div>
  );
}

function ReplyForm({ ticket, closed }) {
  const input = useRef(null);
  const [body, setBody] = useState("");
  const [internal, setInternal] = useState(false);
  const [then, setThen] = useState("");
  const [sending, setSending] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const [error, setError] = useState("");
  // Set when the picker was asked for while previewing: it opens once the text box shows.
  const pickerWanted = useRef(false);
  const attached = useAttachments(ticket.site, setError);
  const picker = useSavedReplyPicker({ id: ID, input, site: ticket.site, locale: ticket.locale, onText: setBody });

  const firstRender = useRef(true);
  const showPreview = (wanted) => {
    setPreviewing(wanted);
    if (wanted) picker.close();
  };
  useLayoutEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (previewing) return;
    // Back to writing: the text box has the focus again, with the picker if it was asked for.
    if (pickerWanted.current) {
      pickerWanted.current = false;
      picker.toggle();
    } else {
      input.current.focus();
    }
  }, [previewing]);
  // The "Saved replies" button works while previewing too: back to writing, then the list.
  const replies = { listId: picker.listId, toggle: () => {
    if (!previewing) {
      picker.toggle();
      return;
    }
    pickerWanted.current = true;
    setPreviewing(false);
  } };

  const submit = async (event) => {
    event.preventDefault();
    if (attached.uploading) return;
    const text = body.trim();
    if (!text) {
      setError(t("reply.write_first"));
      setPreviewing(false);
      input.current.focus();
      return;
    }
    const payload = { body: text, internal, attachments: attached.files.map((f) => f.id) };
    if (!internal && then) payload.status = then;
    setSending(true);
    setError("");
    // On success the box starts afresh (freshReply); on a refusal the draft stays to fix.
    const failure = await comment(payload);
    if (failure) {
      setSending(false);
      setError(refusal(failure));
    }
  };
  const remove = (file) => {
    attached.remove(file);
    input.current.focus(); // the chip's button is gone: back to the text
  };

  return (
    <form class={`reply${internal ? " note" : ""}`} noValidate onSubmit={submit}>
      <fieldset disabled={closed}>
        <legend class="visually-hidden">{internal ? t("tickets.internal_note") : t("tickets.reply")}</legend>
        <div class="reply-head">
          <ModeSwitch previewing={previewing} onChange={showPreview} />
          {internal ? <span class="badge internal">{t("tickets.internal_note")}</span> : null}
        </div>
        <div class="reply-editor">
          {picker.list}
          <textarea name="body" id={`${ID}-body`} ref={input} rows="5" maxlength="20000"
            aria-label={t("tickets.message")} hidden={previewing}
            placeholder={internal ? t("tickets.note_placeholder") : t("tickets.reply_placeholder")}
            value={body} {...picker.fieldProps}
            onKeyDown={picker.onKeyDown}
            onInput={(event) => {
              setBody(event.currentTarget.value);
              picker.onInput();
            }} />
          <ReplyPreview id={`${ID}-preview`} text={body} links={!internal} hidden={!previewing}
            hint={internal ? t("reply.preview_note_hint") : t("reply.preview_reply_hint")} />
        </div>
        <div aria-label={t("reply.files_label")} role="group" hidden={!attached.files.length}>
          <FileChips files={attached.files} onRemove={remove} />
        </div>
        <p class="form-error" role="alert">{error}</p>
        <div class="row">
          <AttachButton onFiles={(files) => { setError(""); attached.add(files); }} />
          <SavedRepliesButton picker={replies} />
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
          <button type="submit" disabled={sending || attached.uploading}>
            {internal ? t("tickets.add_note") : t("tickets.send_reply")}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

/** The form, started afresh when another ticket opens and after each reply. */
export function TicketReply({ closed }) {
  const shown = detail.value;
  if (!shown) return null;
  return <ReplyForm key={freshReply.value} ticket={shown.ticket} closed={closed} />;
}
