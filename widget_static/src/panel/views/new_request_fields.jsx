// The fields of the new request form. Each gets `form`: the draft, `set(name)` (an input's
// handler) and the field's error as `err`, `describe` and `invalid` give it.
import { useState } from "preact/hooks";
import { t } from "../i18n.js";
import { Field } from "../ui.jsx";
import { Suggestions, useSuggestions } from "./suggestions.jsx";

const PRIORITIES = ["low", "normal", "high"];

/** The request type's subcategory and the platform, when there are any to choose from. */
export function ChoiceFields({ form, category, types }) {
  const { draft, set, err, describe, invalid } = form;
  return (
    <>
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
            {types.platform_options.map((p) => <option key={p.key} value={p.key}>{p.label}</option>)}
          </select>
        </Field>
      )}
    </>
  );
}

/** The subject and the description; under the one being written, articles that may answer it. */
export function TextFields({ form }) {
  const { draft, set, err, describe, invalid } = form;
  const [writing, setWriting] = useState("subject");
  const found = useSuggestions(draft[writing], "request");
  const suggestions = <Suggestions found={found} source="request" />;
  return (
    <>
      <Field id="hw-t-subject" label={t("ticket_subject")} error={err("subject")}
        hint={t("ticket_subject_hint")}>
        <input id="hw-t-subject" type="text" maxLength={140} value={draft.subject}
          onInput={set("subject")} onFocus={() => setWriting("subject")}
          aria-invalid={invalid("subject")}
          aria-describedby={describe("subject") || "hw-t-subject-hint"} />
      </Field>
      {writing === "subject" && suggestions}
      <Field id="hw-t-description" label={t("ticket_description")} error={err("description")}
        hint={t("ticket_description_hint")}>
        <textarea id="hw-t-description" rows={6} value={draft.description}
          onInput={set("description")} onFocus={() => setWriting("description")}
          aria-invalid={invalid("description")}
          aria-describedby={describe("description") || "hw-t-description-hint"} />
      </Field>
      {writing === "description" && suggestions}
    </>
  );
}

/** The priority, preset to the type's own (an emergency has none to choose). */
export function PriorityField({ form, category }) {
  const { draft, set, err, invalid } = form;
  if (category.emergency) return null;
  const preset = ["low", "high"].includes(category.priority) ? category.priority : "normal";
  return (
    <Field id="hw-t-priority" label={t("ticket_priority")} error={err("priority")}>
      <select id="hw-t-priority" value={draft.priority || preset}
        onChange={set("priority")} aria-invalid={invalid("priority")}>
        {PRIORITIES.map((p) => <option key={p} value={p}>{t(`ticket_priority_${p}`)}</option>)}
      </select>
    </Field>
  );
}

/** Name and e-mail, asked only of who the host has not told about. */
export function ContactFields({ form, me }) {
  const { draft, set, err, describe, invalid } = form;
  return (
    <>
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
    </>
  );
}

/** Sharing the request with the user's company, for users of one. */
export function ShareField({ form, me }) {
  if (!me?.account_id) return null;
  return (
    <div class="hw-field hw-check">
      <input id="hw-t-shared" type="checkbox" checked={!!form.draft.shared} onChange={form.set("shared")} />
      <label for="hw-t-shared">
        {me.account_name ? t("ticket_share_named", { company: me.account_name }) : t("ticket_share")}
      </label>
    </div>
  );
}
