// Contact: support hours (open now, or when it opens), phones per region, email and WhatsApp.
import { formatDate, t } from "../i18n.js";
import { config } from "../state.js";
import { Screen } from "../ui.jsx";

/** The dialable form of a phone number for a tel: link: digits and a leading +. */
export function telHref(number) {
  let text = String(number || "").trim();
  // "+44 (0)19..." is dialled without the national trunk zero once the country code is there.
  if (text.startsWith("+")) text = text.replace(/\(0\)/g, "");
  const digits = text.replace(/[^\d]/g, "");
  return digits ? `tel:${text.startsWith("+") ? "+" : ""}${digits}` : null;
}

/** A plausible email address for a mailto: link, else null. */
export function mailHref(email) {
  return /^[^\s@<>"]+@[^\s@<>"]+$/.test(email || "") ? `mailto:${email}` : null;
}

/** Say whether support is open now, or when it opens. */
export function openText(contact) {
  return contact.within_hours ? t("contact_open")
    : contact.next_open ? t("contact_opens", { when: formatDate(contact.next_open) })
      : t("contact_closed");
}

/** The phone numbers, each with its region, as call links. */
export function PhoneList({ phones }) {
  return (
    <ul class="hw-phones">
      {phones.map((phone) => (
        <li>
          {phone.region && <span class="hw-phone-region">{phone.region}</span>}
          <a href={telHref(phone.number)}>{phone.number}</a>
        </li>
      ))}
    </ul>
  );
}

export default function ContactView() {
  const contact = config.value?.contact;
  if (!contact) {
    return <Screen title={t("contact_title")}><p class="hw-muted">{t("contact_none")}</p></Screen>;
  }
  const phones = (contact.phones || []).filter((phone) => telHref(phone.number));
  const mail = mailHref(contact.email);
  // Addresses per region (billing in Mexico, support in Spain, ...), after the main one.
  const emails = (contact.emails || []).filter((entry) => mailHref(entry.email));
  const whatsapp = String(contact.whatsapp || "").replace(/[^\d]/g, "");
  const hours = contact.hours_text || [];
  return (
    <Screen title={t("contact_title")}>
      {hours.length > 0 && (
        <section aria-labelledby="hw-contact-hours">
          <h2 id="hw-contact-hours" class="hw-section-title">{t("contact_hours")}</h2>
          <p class={contact.within_hours ? "hw-open hw-open-now" : "hw-open hw-closed-now"}>
            <span aria-hidden="true" class="hw-open-icon">{contact.within_hours ? "●" : "○"}</span>{" "}
            {openText(contact)}
          </p>
          <ul class="hw-hours">{hours.map((line) => <li>{line}</li>)}</ul>
        </section>
      )}
      {phones.length > 0 && (
        <section aria-labelledby="hw-contact-phones">
          <h2 id="hw-contact-phones" class="hw-section-title">{t("contact_phones")}</h2>
          <PhoneList phones={phones} />
        </section>
      )}
      {(mail || emails.length > 0) && (
        <section aria-labelledby="hw-contact-email">
          <h2 id="hw-contact-email" class="hw-section-title">{t("contact_email")}</h2>
          {mail && <p><a href={mail}>{contact.email}</a></p>}
          {emails.length > 0 && (
            <ul class="hw-phones">
              {emails.map((entry) => (
                <li>
                  {entry.region && <span class="hw-phone-region">{entry.region}</span>}
                  <a href={mailHref(entry.email)}>{entry.email}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {whatsapp && (
        <section aria-labelledby="hw-contact-whatsapp">
          <h2 id="hw-contact-whatsapp" class="hw-section-title">{t("contact_whatsapp")}</h2>
          <p>
            <a href={`https://wa.me/${whatsapp}`} target="_blank" rel="noopener noreferrer">
              {t("contact_whatsapp_link")}
            </a>{" "}
            <span class="hw-muted">{contact.whatsapp}</span>
          </p>
        </section>
      )}
    </Screen>
  );
}
