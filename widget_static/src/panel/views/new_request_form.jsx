// The new request form: its type, fields, attachments and diagnostics, errors and send button.
import { useState } from "preact/hooks";
import { t } from "../i18n.js";
import { user } from "../state.js";
import { ErrorNote, fieldText } from "../ui.jsx";
import { Attachments, dropTarget } from "./attachments.jsx";
import { DiagnosticsChoice } from "./diagnostics.jsx";
import { ChoiceFields, ContactFields, PriorityField, ShareField, TextFields } from "./new_request_fields.jsx";

/** The chosen type, a way to choose another, and what an emergency means. */
function TypeLine({ category, onChange }) {
  return (
    <>
      <div class="hw-ticket-type">
        <span>{t("ticket_type")}: <strong>{category.title}</strong></span>
        <button type="button" class="hw-link-button" onClick={onChange}>{t("ticket_change_type")}</button>
      </div>
      {category.emergency && <p class="hw-ticket-emergency" role="note">{t("ticket_emergency_note")}</p>}
    </>
  );
}

/** Up to ten more addresses that get copies of the request's messages. */
function CcFields({ draft, setDraft, setCc, errors, err }) {
  return (
    <fieldset class={errors.cc ? "hw-field hw-invalid hw-ticket-cc" : "hw-field hw-ticket-cc"}>
      <legend>{t("ticket_cc")}</legend>
      <p class="hw-hint">{t("ticket_cc_hint")}</p>
      {draft.cc.map((value, index) => (
        <div class="hw-ticket-cc-row" key={index}>
          <input type="email" value={value} maxLength={320}
            aria-label={t("ticket_cc_address", { n: index + 1 })}
            aria-invalid={errors.cc && (Array.isArray(errors.cc) || errors.cc[index]) ? "true" : undefined}
            onInput={(event) => setCc(index, event.currentTarget.value)} />
          {draft.cc.length > 1 && (
            <button type="button" class="hw-link-button"
              aria-label={t("ticket_cc_remove", { n: index + 1 })}
              onClick={() => setDraft((c) => ({ ...c, cc: c.cc.filter((_, i) => i !== index) }))}>
              {t("ticket_cc_remove_short")}
            </button>
          )}
        </div>
      ))}
      {draft.cc.length < 10 && (
        <button type="button" class="hw-link-button"
          onClick={() => setDraft((c) => ({ ...c, cc: [...c.cc, ""] }))}>{t("ticket_cc_add")}</button>
      )}
      {errors.cc && <p class="hw-field-error" role="alert">{err("cc")}</p>}
    </fieldset>
  );
}

/**
 * The form of a request of type `category`. `fixing(name)` drops a field's error as soon as the
 * user edits it; `busy` disables sending (a send, an upload or diagnostics under way).
 */
export function RequestForm({ formRef, draft, setDraft, fixing, category, types, errors, error, uploads,
  diagnostics, sending, busy, onSubmit }) {
  const [dragging, setDragging] = useState(false);
  const me = user.value;
  const set = (name) => (event) => {
    const target = event.currentTarget;
    const value = target.type === "checkbox" ? target.checked : target.value;
    setDraft((current) => ({ ...current, [name]: value }));
    fixing(name);
  };
  const setCc = (index, value) => {
    setDraft((current) => {
      const cc = [...current.cc];
      cc[index] = value;
      return { ...current, cc };
    });
    fixing("cc");
  };
  const err = (name) => fieldText(errors[name]);
  const form = { draft, set, err, describe: (name) => (errors[name] ? `hw-t-${name}-error` : undefined),
    invalid: (name) => (errors[name] ? "true" : undefined) };
  return (
    <form ref={formRef} class={dragging ? "hw-ticket-form hw-dropping" : "hw-ticket-form"}
      onSubmit={onSubmit} noValidate {...dropTarget(uploads, setDragging)}>
      <TypeLine category={category}
        onChange={() => setDraft((current) => ({ ...current, category: "", subcategory: "" }))} />
      <ErrorNote error={errors.category ? { message: err("category") } : null} />
      <ChoiceFields form={form} category={category} types={types} />
      <TextFields form={form} />
      <PriorityField form={form} category={category} />
      <ContactFields form={form} me={me} />
      <CcFields draft={draft} setDraft={setDraft} setCc={setCc} errors={errors} err={err} />
      <ShareField form={form} me={me} />
      <div class="hw-field">
        <span class="hw-label">{t("ticket_attachments")}</span>
        <Attachments uploads={uploads} id="hw-t-files" />
        {errors.attachments && <p class="hw-field-error" role="alert">{err("attachments")}</p>}
      </div>
      <DiagnosticsChoice diagnostics={diagnostics} error={err("diagnostics")} />
      <ErrorNote error={error} />
      <div class="hw-actions">
        <button type="submit" class="hw-button" disabled={busy}>
          {sending ? t("ticket_sending") : t("ticket_send")}
        </button>
      </div>
    </form>
  );
}
