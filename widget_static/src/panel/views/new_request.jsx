// A new request: the five cards, then the form (draft kept until sent), then the confirmation.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { post } from "../bridge.js";
import { t } from "../i18n.js";
import { ensureSession, onSession } from "../session.js";
import { on } from "../socket.js";
import { user } from "../state.js";
import { ErrorNote, Loading, Screen } from "../ui.jsx";
import { useUploads } from "./attachments.jsx";
import { useDiagnostics } from "./diagnostics.jsx";
import { initialDraft, missingFields, requestBody, writeDraft } from "./new_request_draft.js";
import { RequestForm } from "./new_request_form.jsx";
import { Cards, Done, Refused } from "./new_request_steps.jsx";
import { watchTickets } from "./ticket_news.js";
import { onSolved } from "./suggestions.jsx";

// An article suggested while writing solved the problem: the draft has done its work.
onSolved("request", () => writeDraft(null));

/** The site's request types, asked again when the host says who the user is (it decides who may open one). */
function useRequestTypes() {
  const [types, setTypes] = useState(null);
  const [loadError, setLoadError] = useState(null);
  useEffect(() => {
    ensureSession()
      .then(() => api("GET", "/ticket-categories"))
      .then(setTypes)
      .catch(setLoadError);
    const reload = () => api("GET", "/ticket-categories").then(setTypes).catch(() => null);
    const stopSession = onSession(reload);
    // An admin changed the site's settings: the cards follow, as the rest of the panel does.
    const stopUpdates = on("site:updated", reload);
    return () => { stopSession(); stopUpdates(); };
  }, []);
  return [types, loadError];
}

/** Per-field errors; a field's goes as soon as the user edits it, the summary once none is left. */
function useFieldErrors(setError) {
  const [errors, setErrors] = useState({});
  const fixing = (name) => setErrors((current) => {
    if (!current[name]) return current;
    const next = { ...current };
    delete next[name];
    return next;
  });
  useEffect(() => {
    if (!Object.keys(errors).length) setError((current) => (current?.about === "fields" ? null : current));
  }, [errors]);
  return [errors, setErrors, fixing];
}

export default function NewRequestView({ params }) {
  const [types, loadError] = useRequestTypes();
  const [draft, setDraft] = useState(() => initialDraft(params));
  const uploads = useUploads(draft.files || []);
  // Not part of the draft: after a reload the box is unticked again, and gathered afresh.
  const diagnostics = useDiagnostics();
  const [error, setError] = useState(null);
  const [errors, setErrors, fixing] = useFieldErrors(setError);
  const [refused, setRefused] = useState(null);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState(null);
  const form = useRef(null);
  const busy = sending || uploads.busy || diagnostics.busy;

  // Everything typed survives an error, going back and (where storage is allowed) a reload.
  useEffect(() => {
    if (result) return;
    writeDraft({ ...draft, files: uploads.done() });
  }, [draft, uploads.items, result]);

  const category = types?.categories.find((c) => c.key === draft.category);
  // Take the user to the first field that needs them.
  const focusInvalid = () => setTimeout(() => form.current?.querySelector("[aria-invalid='true']")?.focus(), 0);

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    const me = user.value;
    const missing = missingFields(draft, category, types, me);
    if (Object.keys(missing).length) {
      setErrors(missing);
      setError({ message: t("ticket_fix_fields"), about: "fields" });
      focusInvalid();
      return;
    }
    setSending(true);
    setError(null);
    setErrors({});
    try {
      const created = await api("POST", "/tickets",
        { body: requestBody(draft, { category, types, me, uploads, diagnostics }) });
      writeDraft(null);
      setResult(created);
      watchTickets(); // its answer must reach the badge even with the panel closed
      post("event", { name: "ticket_created",
        data: { number: created.ticket.number, reference: created.ticket.reference } });
    } catch (failure) {
      if (failure.code === "support_user_required") {
        setRefused(failure);
      } else {
        setErrors(failure.fields || {});
        // An error about fields goes once they are all fixed; any other stays until sent again.
        if (Object.keys(failure.fields || {}).length) failure.about = "fields";
        setError(failure);
        focusInvalid();
      }
    } finally {
      setSending(false);
    }
  }

  if (result) return <Screen title={t("ticket_done_title")}><Done result={result} /></Screen>;
  if (loadError) return <Screen title={t("ticket_title")}><ErrorNote error={loadError} /></Screen>;
  if (!types) return <Screen title={t("ticket_title")}><Loading /></Screen>;
  if (refused || !types.may_open) {
    return <Screen title={t("ticket_title")}><Refused refused={refused} types={types} draft={draft} /></Screen>;
  }
  if (!category) {
    return (
      <Screen title={t("ticket_title")}>
        <Cards categories={types.categories}
          onChoose={(key) => setDraft((current) => ({ ...current, category: key, subcategory: "" }))} />
      </Screen>
    );
  }
  return (
    <Screen title={t("ticket_title")}>
      <RequestForm formRef={form} draft={draft} setDraft={setDraft} fixing={fixing} category={category}
        types={types} errors={errors} error={error} uploads={uploads} diagnostics={diagnostics}
        sending={sending} busy={busy} onSubmit={submit} />
    </Screen>
  );
}
