// Alerts (who is emailed, the webhook and its secret) and the help center's rules.
import { useState } from "preact/hooks";
import { t } from "./i18n.js";
import { Check, Field, GroupForm, lines } from "./settings_form.jsx";

export function AlertsForm({ site, doc, onSaved }) {
  // The webhook secret is write-only: the field starts empty and is sent only when typed.
  const [secret, setSecret] = useState("");
  return (
    <GroupForm site={site} group="alerts" title={t("settings.alerts")} doc={doc} readOnly={["webhook_secret_set"]}
      onSaved={(saved) => { setSecret(""); onSaved(saved); }}>
      {(v, set, err) => (
        <>
          <Field id="alerts-emails" label={t("settings.alert_emails")} hint={t("settings.one_per_line")}
            error={err("emails", true)}>
            <textarea id="alerts-emails" rows="3" value={(v.emails || []).join("\n")}
              onChange={(e) => set("emails", lines(e.currentTarget.value))} />
          </Field>
          <Field id="alerts-webhook" label={t("settings.webhook_url")} error={err("webhook_url")}>
            <input type="url" id="alerts-webhook" maxlength="500" placeholder="https://" value={v.webhook_url || ""}
              onInput={(e) => set("webhook_url", e.currentTarget.value.trim())} />
          </Field>
          <Field id="alerts-webhook-secret" label={t("settings.webhook_secret")} error={err("webhook_secret")}
            hint={t(doc.alerts.webhook_secret_set ? "settings.webhook_secret_set" : "settings.webhook_secret_unset")}>
            <input type="password" id="alerts-webhook-secret" autocomplete="new-password" maxlength="200"
              value={secret} onInput={(e) => {
                setSecret(e.currentTarget.value);
                set("webhook_secret", e.currentTarget.value || undefined);
              }} />
          </Field>
        </>
      )}
    </GroupForm>
  );
}

const MODERATION = ["pre", "post"];

export function HelpCenterForm({ site, doc, onSaved }) {
  return (
    <GroupForm site={site} group="help_center" title={t("settings.help_center")} doc={doc} onSaved={onSaved}>
      {(v, set, err) => (
        <>
          <Field id="hc-moderation" label={t("settings.comment_moderation")} error={err("comment_moderation")}>
            <select id="hc-moderation" value={v.comment_moderation}
              onChange={(e) => set("comment_moderation", e.currentTarget.value)}>
              {[...new Set([...MODERATION, v.comment_moderation].filter(Boolean))].map((mode) => (
                <option value={mode}>{t(`settings.moderation.${mode}`)}</option>
              ))}
            </select>
          </Field>
          <Check id="hc-open-registration" label={t("settings.open_registration")}
            checked={Boolean(v.open_registration)} error={err("open_registration")}
            onChange={(on) => set("open_registration", on)} />
          <Check id="hc-community" label={t("settings.community_enabled")}
            checked={Boolean(v.community_enabled)} error={err("community_enabled")}
            onChange={(on) => set("community_enabled", on)} />
        </>
      )}
    </GroupForm>
  );
}
