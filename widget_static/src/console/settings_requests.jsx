// Requests: categories, platforms, response times by priority, auto-close, who may ask, whether
// email to the support address opens requests, and the account types the site knows.
import { t } from "./i18n.js";
import { CategoriesEditor, PRIORITIES } from "./settings_categories.jsx";
import { Check, Field, GroupForm, PerLanguage, lines } from "./settings_form.jsx";
import { Cell, Rows } from "./settings_rows.jsx";

/** A platform as the form edits it: older sites list plain names. */
const platform = (entry) => (typeof entry === "string" ? { key: entry, label: {} } : entry);

export function RequestsForm({ site, doc, onSaved }) {
  const locales = doc.general.locales || [];
  return (
    <GroupForm site={site} group="requests" title={t("settings.requests")} doc={doc} onSaved={onSaved}>
      {(v, set, err) => (
        <>
          <CategoriesEditor categories={v.categories} locales={locales} set={set} err={err} />
          <fieldset>
            <legend>{t("settings.platforms")}</legend>
            <Rows name="platforms" list={(v.platforms || []).map(platform)} set={set} err={err}
              addLabel={t("settings.add_platform")} blank={() => ({ key: "", label: {} })}
              render={(row, index, change) => (
                <>
                  <Cell id={`platforms-${index}-key`} label={t("settings.key")} value={row.key} size={14}
                    maxlength={64} onInput={(key) => change({ ...row, key })} />
                  <PerLanguage id={`platforms-${index}-label`} label={t("settings.label")} value={row.label}
                    locales={locales} onChange={(label) => change({ ...row, label })} />
                </>
              )} />
          </fieldset>
          <fieldset>
            <legend>{t("settings.sla_hours")}</legend>
            <div class="row">
              {PRIORITIES.map((p) => (
                <Field id={`requests-sla-${p}`} label={t(`priority.${p}`)} error={err(`sla_hours.${p}`)}>
                  <input type="number" id={`requests-sla-${p}`} min="0" step="any" value={(v.sla_hours || {})[p]}
                    onInput={(e) => set("sla_hours", { ...v.sla_hours, [p]: Number(e.currentTarget.value) })} />
                </Field>
              ))}
            </div>
            <p class="field-error" hidden={!err("sla_hours")}>{err("sla_hours")}</p>
          </fieldset>
          <Field id="requests-auto-close" label={t("settings.auto_close_days")} error={err("auto_close_days")}>
            <input type="number" id="requests-auto-close" min="1" max="365" value={v.auto_close_days}
              onInput={(e) => set("auto_close_days", Number(e.currentTarget.value))} />
          </Field>
          <Check id="requests-support-users-only" label={t("settings.support_users_only")}
            checked={Boolean(v.support_users_only)} error={err("support_users_only")}
            onChange={(on) => set("support_users_only", on)} />
          <Check id="requests-mail-opens-tickets" label={t("settings.mail_opens_tickets")}
            hint={t("settings.mail_opens_tickets_hint")} checked={Boolean(v.mail_opens_tickets)}
            error={err("mail_opens_tickets")} onChange={(on) => set("mail_opens_tickets", on)} />
          <Field id="requests-account-types" label={t("settings.account_types")} hint={t("settings.comma_hint")}
            error={err("account_types", true)}>
            <input type="text" id="requests-account-types" value={(v.account_types || []).join(", ")}
              onChange={(e) => set("account_types", lines(e.currentTarget.value, /,/))} />
          </Field>
        </>
      )}
    </GroupForm>
  );
}
