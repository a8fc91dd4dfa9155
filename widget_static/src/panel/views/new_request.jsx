// A new request: the five cards, then the form (draft kept until sent), then the confirmation.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { post } from "../bridge.js";
import { formatDate, t } from "../i18n.js";
import { navigate, show } from "../router.js";
import { ensureSession, onSession } from "../session.js";
import { config, hostRoute, siteKey, user } from "../state.js";
import { ErrorNote, Field, fieldText, Loading, Screen } from "../ui.jsx";
import { Attachments, dropTarget, useUploads } from "./attachments.jsx";
import { newId } from "./chat_state.js";
import "./new_request.css";

const DRAFT_KEY = `helpwidget:${siteKey}:ticket-draft`;
const PREFILL = ["category", "subcategory", "subject", "description", "priority", "platform"];
const SELF_SERVICE = ["search", "page_help", "chat", "trainings", "contact"];
const EMPTY = { category: "", subcategory: "", subject: "", platform: "", description: "",
  priority: "", cc: [""], shared: false, name: "", email: "", files: [] };

// Storage may be refused to a third-party frame: then the draft lives as long as the page does.
let memoryDraft = null;

function readDraft() {
  try {
    const saved = sessionStorage.getItem(DRAFT_KEY);
    return saved ? JSON.parse(saved) : memoryDraft;
  } catch {
    return memoryDraft;
  }
}

function writeDraft(draft) {
  memoryDraft = draft;
  try {
    if (draft) sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    else sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    /* storage blocked: the copy in memory is kept */
  }
}

/** The draft to start from: the saved one, with what the caller prefilled on top. */
function initialDraft(params) {
  const draft = { ...EMPTY, ...(readDraft() || {}) };
  // The draft's own id: sending it again (after an error or a reload) cannot open it twice.
  if (!draft.client_id) draft.client_id = newId();
  const given = PREFILL.filter((name) => params?.[name]);
  if (given.length) {
    if (params.category && params.category !== draft.category) draft.subcategory = "";
    for (const name of given) draft[name] = String(params[name]);
  }
  return draft;
}

/** Self-service menu items offered instead of a request. */
function SelfService({ items }) {
  const offered = (config.value?.menu || []).map((entry) => entry.item);
  const list = (items || SELF_SERVICE).filter((item) => offered.includes(item));
  if (!list.length) return null;
  return (
    <ul class="hw-ticket-alternatives">
      {list.map((item) => (
        <li key={item}>
          <button type="button" class="hw-button hw-secondary" onClick={() => show(item)}>
            {t(`ticket_alt_${item}`)}
          </button>
        </li>
      ))}
    </ul>
  );
}

function Cards({ categories, onChoose }) {
  return (
    <div>
      <p>{t("ticket_choose_type")}</p>
      <ul class="hw-ticket-cards">
        {categories.map((category) => (
          <li key={category.key}>
            <button type="button" onClick={() => onChoose(category.key)}
              class={category.emergency ? "hw-ticket-card hw-ticket-card-emergency" : "hw-ticket-card"}>
              {category.icon && <span class="hw-ticket-card-icon" aria-hidden="true">{category.icon}</span>}
              <span class="hw-ticket-card-title">{category.title}</span>
              {category.hint && <span class="hw-ticket-card-hint">{category.hint}</span>}
              {category.description && <span class="hw-ticket-card-text">{category.description}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Done({ result }) {
  const ticket = result.ticket;
  return (
    <div class="hw-ticket-done" role="status">
      <p class="hw-ticket-done-title">{t("ticket_sent", { reference: ticket.reference })}</p>
      <p>{t("ticket_expect", { hours: result.expected_response_hours,
        when: formatDate(ticket.expected_response_by) })}</p>
      <p>{t("ticket_sent_email")}</p>
      <div class="hw-actions">
        <button type="button" class="hw-button"
          onClick={() => navigate("request", { number: ticket.number })}>
          {t("ticket_see_it", { reference: ticket.reference })}
        </button>
        <button type="button" class="hw-button hw-secondary" onClick={() => show("requests")}>
          {t("ticket_my_requests")}
        </button>
      </div>
    </div>
  );
}

export default function NewRequestView({ params }) {
  const [types, setTypes] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [draft, setDraft] = useState(() => initialDraft(params));
  const uploads = useUploads(draft.files || []);
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [refused, setRefused] = useState(null);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState(null);
  const [dragging, setDragging] = useState(false);
  const form = useRef(null);

  useEffect(() => {
    ensureSession()
      .then(() => api("GET", "/ticket-categories"))
      .then(setTypes)
      .catch(setLoadError);
    // Whether one may open a request depends on who the host says the user is.
    return onSession(() => api("GET", "/ticket-categories").then(setTypes).catch(() => null));
  }, []);

  // Everything typed survives an error, going back and (where storage is allowed) a reload.
  useEffect(() => {
    if (result) return;
    writeDraft({ ...draft, files: uploads.done() });
  }, [draft, uploads.items, result]);

  const category = types?.categories.find((c) => c.key === draft.category);
  const set = (name) => (event) => {
    const target = event.currentTarget;
    const value = target.type === "checkbox" ? target.checked : target.value;
    setDraft((current) => ({ ...current, [name]: value }));
  };
  const setCc = (index, value) => setDraft((current) => {
    const cc = [...current.cc];
    cc[index] = value;
    return { ...current, cc };
  });

  async function submit(event) {
    event.preventDefault();
    if (sending || uploads.busy) return;
    const me = user.value;
    // What is plainly missing is said for every field at once, before asking the server.
    const missing = {};
    if (category.subcategories.length && !draft.subcategory) missing.subcategory = t("ticket_need_subcategory");
    if (types.platforms.length && !draft.platform) missing.platform = t("ticket_need_platform");
    if (!draft.subject.trim()) missing.subject = t("ticket_need_subject");
    if (!draft.description.trim()) missing.description = t("ticket_need_description");
    if (!me && !draft.name.trim()) missing.name = t("ticket_need_name");
    if ((!me || !me.email) && !draft.email.trim()) missing.email = t("ticket_need_email");
    if (Object.keys(missing).length) {
      setErrors(missing);
      setError({ message: t("ticket_fix_fields") });
      setTimeout(() => form.current?.querySelector("[aria-invalid='true']")?.focus(), 0);
      return;
    }
    setSending(true);
    setError(null);
    setErrors({});
    const body = {
      category: draft.category, subcategory: draft.subcategory, subject: draft.subject.trim(),
      description: draft.description, cc: draft.cc.map((c) => c.trim()).filter(Boolean),
      attachments: uploads.ids(), page_route: hostRoute.value.route || "",
      client_id: draft.client_id,
    };
    if (types.platforms.length) body.platform = draft.platform;
    if (category && !category.emergency && draft.priority) body.priority = draft.priority;
    if (me?.account_id) body.shared = !!draft.shared;
    if (!me) body.name = draft.name.trim();
    if (!me || !me.email) body.email = draft.email.trim();
    try {
      const created = await api("POST", "/tickets", { body });
      writeDraft(null);
      setResult(created);
      post("event", { name: "ticket_created",
        data: { number: created.ticket.number, reference: created.ticket.reference } });
    } catch (failure) {
      if (failure.code === "support_user_required") {
        setRefused(failure);
      } else {
        setErrors(failure.fields || {});
        setError(failure);
        // Take the user to the first field that needs them.
        setTimeout(() => form.current?.querySelector("[aria-invalid='true']")?.focus(), 0);
      }
    } finally {
      setSending(false);
    }
  }

  if (result) {
    return <Screen title={t("ticket_done_title")}><Done result={result} /></Screen>;
  }
  if (loadError) return <Screen title={t("ticket_title")}><ErrorNote error={loadError} /></Screen>;
  if (!types) return <Screen title={t("ticket_title")}><Loading /></Screen>;

  if (refused || !types.may_open) {
    const designated = refused?.body?.support_users || types.support_users || [];
    return (
      <Screen title={t("ticket_title")}>
        <div class="hw-ticket-refused">
          <p role="alert">{refused ? refused.message : t("ticket_support_users_only")}</p>
          {designated.length > 0 && (
            <>
              <p>{t("ticket_designated_users")}</p>
              <ul class="hw-ticket-users">
                {designated.map((name) => <li key={name}>{name}</li>)}
              </ul>
            </>
          )}
          <p>{t("ticket_self_service")}</p>
          <SelfService items={refused?.body?.alternatives} />
        </div>
      </Screen>
    );
  }

  if (!category) {
    return (
      <Screen title={t("ticket_title")}>
        <Cards categories={types.categories}
          onChoose={(key) => setDraft((current) => ({ ...current, category: key, subcategory: "" }))} />
      </Screen>
    );
  }

  const me = user.value;
  const err = (name) => fieldText(errors[name]);
  const describe = (name) => (errors[name] ? `hw-t-${name}-error` : undefined);
  const invalid = (name) => (errors[name] ? "true" : undefined);
  return (
    <Screen title={t("ticket_title")}>
      <form ref={form} class={dragging ? "hw-ticket-form hw-dropping" : "hw-ticket-form"}
        onSubmit={submit} noValidate {...dropTarget(uploads, setDragging)}>
        <div class="hw-ticket-type">
          <span>{t("ticket_type")}: <strong>{category.title}</strong></span>
          <button type="button" class="hw-link-button"
            onClick={() => setDraft((current) => ({ ...current, category: "", subcategory: "" }))}>
            {t("ticket_change_type")}
          </button>
        </div>
        {category.emergency && <p class="hw-ticket-emergency" role="note">{t("ticket_emergency_note")}</p>}
        <ErrorNote error={errors.category ? { message: err("category") } : null} />
        {category.subcategories.length > 0 && (
          <Field id="hw-t-subcategory" label={t("ticket_subcategory")} error={err("subcategory")}>
            <select id="hw-t-subcategory" value={draft.subcategory} onChange={set("subcategory")}
              aria-invalid={invalid("subcategory")} aria-describedby={describe("subcategory")}>
              <option value="">{t("ticket_choose")}</option>
              {category.subcategories.map((s) => <option key={s.key} value={s.key}>{s.title}</option>)}
            </select>
          </Field>
        )}
        {types.platforms.length > 0 && (
          <Field id="hw-t-platform" label={t("ticket_platform")} error={err("platform")}>
            <select id="hw-t-platform" value={draft.platform} onChange={set("platform")}
              aria-invalid={invalid("platform")} aria-describedby={describe("platform")}>
              <option value="">{t("ticket_choose")}</option>
              {types.platforms.map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </Field>
        )}
        <Field id="hw-t-subject" label={t("ticket_subject")} error={err("subject")}
          hint={t("ticket_subject_hint")}>
          <input id="hw-t-subject" type="text" maxLength={140} value={draft.subject}
            onInput={set("subject")} aria-invalid={invalid("subject")}
            aria-describedby={describe("subject") || "hw-t-subject-hint"} />
        </Field>
        <Field id="hw-t-description" label={t("ticket_description")} error={err("description")}
          hint={t("ticket_description_hint")}>
          <textarea id="hw-t-description" rows={6} value={draft.description}
            onInput={set("description")} aria-invalid={invalid("description")}
            aria-describedby={describe("description") || "hw-t-description-hint"} />
        </Field>
        {!category.emergency && (
          <Field id="hw-t-priority" label={t("ticket_priority")} error={err("priority")}>
            <select id="hw-t-priority" value={draft.priority || (["low", "high"].includes(category.priority) ? category.priority : "normal")}
              onChange={set("priority")} aria-invalid={invalid("priority")}>
              {["low", "normal", "high"].map((p) => <option key={p} value={p}>{t(`ticket_priority_${p}`)}</option>)}
            </select>
          </Field>
        )}
        {!me && (
          <Field id="hw-t-name" label={t("ticket_name")} error={err("name")}>
            <input id="hw-t-name" type="text" autocomplete="name" maxLength={200} value={draft.name}
              onInput={set("name")} aria-invalid={invalid("name")} aria-describedby={describe("name")} />
          </Field>
        )}
        {(!me || !me.email) && (
          <Field id="hw-t-email" label={t("ticket_email")} error={err("email")}>
            <input id="hw-t-email" type="email" autocomplete="email" maxLength={320} value={draft.email}
              onInput={set("email")} aria-invalid={invalid("email")} aria-describedby={describe("email")} />
          </Field>
        )}
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
        {me?.account_id && (
          <div class="hw-field hw-check">
            <input id="hw-t-shared" type="checkbox" checked={!!draft.shared} onChange={set("shared")} />
            <label for="hw-t-shared">
              {me.account_name ? t("ticket_share_named", { company: me.account_name }) : t("ticket_share")}
            </label>
          </div>
        )}
        <div class="hw-field">
          <span class="hw-label">{t("ticket_attachments")}</span>
          <Attachments uploads={uploads} id="hw-t-files" />
          {errors.attachments && <p class="hw-field-error" role="alert">{err("attachments")}</p>}
        </div>
        <ErrorNote error={error} />
        <div class="hw-actions">
          <button type="submit" class="hw-button" disabled={sending || uploads.busy}>
            {sending ? t("ticket_sending") : t("ticket_send")}
          </button>
        </div>
      </form>
    </Screen>
  );
}
