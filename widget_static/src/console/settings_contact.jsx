// Contact and hours: time zone, opening hours by day, holidays, phones and emails per region.
import { t } from "./i18n.js";
import { Field, GroupForm, lines } from "./settings_form.jsx";
import { Cell, LocaleCell, Rows } from "./settings_rows.jsx";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function zones() {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
}

function HoursRow({ row, index, change }) {
  const days = row.days || [];
  return (
    <>
      <fieldset class="days">
        <legend>{t("settings.days")}</legend>
        {DAYS.map((day) => (
          <span class="check">
            <input type="checkbox" id={`hours-${index}-${day}`} checked={days.includes(day)}
              onChange={(e) => change({ ...row, days: e.currentTarget.checked
                ? DAYS.filter((d) => d === day || days.includes(d)) : days.filter((d) => d !== day) })} />
            <label for={`hours-${index}-${day}`}>{t(`settings.day.${day}`)}</label>
          </span>
        ))}
      </fieldset>
      <Cell id={`hours-${index}-open`} label={t("settings.opens")} type="time" value={row.open}
        onInput={(open) => change({ ...row, open })} />
      <Cell id={`hours-${index}-close`} label={t("settings.closes")} type="time" value={row.close}
        onInput={(close) => change({ ...row, close })} />
    </>
  );
}

export function ContactForm({ site, doc, onSaved }) {
  const locales = doc.general.locales || [];
  return (
    <GroupForm site={site} group="contact" title={t("settings.contact")} doc={doc} onSaved={onSaved}>
      {(v, set, err) => (
        <>
          <Field id="contact-timezone" label={t("settings.timezone")} error={err("timezone")}>
            <input type="text" id="contact-timezone" list="contact-zones" maxlength="64" value={v.timezone || ""}
              onInput={(e) => set("timezone", e.currentTarget.value.trim())} />
            <datalist id="contact-zones">{zones().map((zone) => <option value={zone} />)}</datalist>
          </Field>
          <fieldset>
            <legend>{t("settings.hours")}</legend>
            <Rows name="hours" list={v.hours} set={set} err={err} addLabel={t("settings.add_hours")}
              blank={() => ({ days: ["mon", "tue", "wed", "thu", "fri"], open: "09:00", close: "17:00" })}
              render={(row, index, change) => <HoursRow row={row} index={index} change={change} />} />
          </fieldset>
          <Field id="contact-holidays" label={t("settings.holidays")} hint={t("settings.holidays_hint")}
            error={err("holidays", true)}>
            <textarea id="contact-holidays" rows="3" value={(v.holidays || []).join("\n")}
              onChange={(e) => set("holidays", lines(e.currentTarget.value))} />
          </Field>
          <fieldset>
            <legend>{t("settings.phones")}</legend>
            <Rows name="phones" list={v.phones} set={set} err={err} addLabel={t("settings.add_phone")}
              blank={() => ({ region: "", number: "", locale: "" })}
              render={(row, index, change) => (
                <>
                  <Cell id={`phones-${index}-region`} label={t("settings.region")} value={row.region}
                    onInput={(region) => change({ ...row, region })} />
                  <Cell id={`phones-${index}-number`} label={t("settings.phone_number")} type="tel" value={row.number}
                    onInput={(number) => change({ ...row, number })} maxlength={40} />
                  <LocaleCell id={`phones-${index}-locale`} value={row.locale} locales={locales}
                    onChange={(locale) => change({ ...row, locale })} />
                </>
              )} />
          </fieldset>
          <fieldset>
            <legend>{t("settings.emails")}</legend>
            <Rows name="emails" list={v.emails} set={set} err={err} addLabel={t("settings.add_email")}
              blank={() => ({ region: "", email: "", locale: "" })}
              render={(row, index, change) => (
                <>
                  <Cell id={`emails-${index}-region`} label={t("settings.region")} value={row.region}
                    onInput={(region) => change({ ...row, region })} />
                  <Cell id={`emails-${index}-email`} label={t("settings.email")} type="email" value={row.email}
                    onInput={(email) => change({ ...row, email })} maxlength={320} />
                  <LocaleCell id={`emails-${index}-locale`} value={row.locale} locales={locales}
                    onChange={(locale) => change({ ...row, locale })} />
                </>
              )} />
          </fieldset>
          <div class="row">
            <Field id="contact-email" label={t("settings.main_email")} error={err("email")}>
              <input type="email" id="contact-email" maxlength="320" value={v.email || ""}
                onInput={(e) => set("email", e.currentTarget.value.trim())} />
            </Field>
            <Field id="contact-whatsapp" label={t("settings.whatsapp")} error={err("whatsapp")}>
              <input type="tel" id="contact-whatsapp" maxlength="40" value={v.whatsapp || ""}
                onInput={(e) => set("whatsapp", e.currentTarget.value.trim())} />
            </Field>
          </div>
        </>
      )}
    </GroupForm>
  );
}
