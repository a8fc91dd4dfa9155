// A new request's draft: kept until sent (across errors, views and reloads), checked, and sent.
import { t } from "../i18n.js";
import { hostRoute, siteKey } from "../state.js";
import { newId } from "./chat_state.js";

const DRAFT_KEY = `helpwidget:${siteKey}:ticket-draft`;
const PREFILL = ["category", "subcategory", "subject", "description", "priority", "platform"];
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

/** Keep `draft` (null forgets it). */
export function writeDraft(draft) {
  memoryDraft = draft;
  try {
    if (draft) sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    else sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    /* storage blocked: the copy in memory is kept */
  }
}

/** The draft to start from: the saved one, with what the caller prefilled on top. */
export function initialDraft(params) {
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

/** What is plainly missing, by field: said for every field at once, before asking the server. */
export function missingFields(draft, category, types, me) {
  const missing = {};
  if (category.subcategories.length && !draft.subcategory) missing.subcategory = t("ticket_need_subcategory");
  if (types.platforms.length && !draft.platform) missing.platform = t("ticket_need_platform");
  if (!draft.subject.trim()) missing.subject = t("ticket_need_subject");
  if (!draft.description.trim()) missing.description = t("ticket_need_description");
  if (!me && !draft.name.trim()) missing.name = t("ticket_need_name");
  if ((!me || !me.email) && !draft.email.trim()) missing.email = t("ticket_need_email");
  return missing;
}

/** The body of POST /tickets for `draft`, with its uploads and the diagnostics the user attached. */
export function requestBody(draft, { category, types, me, uploads, diagnostics }) {
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
  // Exactly what the preview shows, and only when the user ticked the box.
  if (diagnostics.attach && diagnostics.found) body.diagnostics = diagnostics.found;
  return body;
}
