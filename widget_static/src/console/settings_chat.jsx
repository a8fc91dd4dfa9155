// Chat: the topics a visitor picks from (a key and a label per site language), the wait shown,
// and whether chat stays offered out of hours.
import { t } from "./i18n.js";
import { Check, Field, GroupForm, PerLanguage } from "./settings_form.jsx";
import { Cell, Rows } from "./settings_rows.jsx";

export function ChatForm({ site, doc, onSaved }) {
  const locales = doc.general.locales || [];
  return (
    <GroupForm site={site} group="chat" title={t("settings.chat")} doc={doc} onSaved={onSaved}>
      {(v, set, err) => (
        <>
          <fieldset>
            <legend>{t("settings.topics")}</legend>
            <Rows name="topics" list={v.topics} set={set} err={err} addLabel={t("settings.add_topic")}
              blank={() => ({ key: "", label: {} })}
              render={(row, index, change) => (
                <>
                  <Cell id={`topics-${index}-key`} label={t("settings.key")} value={row.key} size={12} maxlength={64}
                    onInput={(key) => change({ ...row, key })} />
                  <PerLanguage id={`topics-${index}-label`} label={t("settings.label")} value={row.label}
                    locales={locales} onChange={(label) => change({ ...row, label })} />
                </>
              )} />
          </fieldset>
          <Field id="chat-wait" label={t("settings.wait_minutes")} error={err("wait_minutes")}>
            <input type="number" id="chat-wait" min="1" max="240" value={v.wait_minutes}
              onInput={(e) => set("wait_minutes", Number(e.currentTarget.value))} />
          </Field>
          <Check id="chat-out-of-hours" label={t("settings.out_of_hours")} checked={Boolean(v.out_of_hours)}
            error={err("out_of_hours")} onChange={(on) => set("out_of_hours", on)} />
          <Check id="chat-auto-assign" label={t("settings.auto_assign")} checked={Boolean(v.auto_assign)}
            error={err("auto_assign")} onChange={(on) => set("auto_assign", on)} />
        </>
      )}
    </GroupForm>
  );
}
