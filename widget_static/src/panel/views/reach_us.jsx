// Ways on when the panel cannot take a request or a chat: sign in, call, other help; never a dead end.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { config, locale, siteKey, user } from "../state.js";
import { mailHref, openText, PhoneList, telHref } from "./contact.jsx";

/** The help center's sign-in page, back to its request form once signed in. */
export function signInUrl() {
  const base = `/help/${encodeURIComponent(siteKey)}/${encodeURIComponent(locale.value)}`;
  return `${base}/sign-in?${new URLSearchParams({ next: `${base}/requests/new` })}`;
}

/** Whether an advisor can chat now: null while asking (and when the server cannot say). */
export function useChatOpen() {
  const [open, setOpen] = useState(null);
  useEffect(() => {
    let current = true;
    api("GET", "/chat/availability").then((data) => current && setOpen(Boolean(data?.can_chat)))
      .catch(() => null);
    return () => { current = false; };
  }, []);
  return open;
}

/** Whether the visitor may send a request from the panel: null while asking. */
export function useMayOpen() {
  const [may, setMay] = useState(null);
  useEffect(() => {
    let current = true;
    api("GET", "/ticket-categories").then((data) => current && setMay(data.may_open !== false))
      .catch(() => current && setMay(true)); // the form says why if it cannot
    return () => { current = false; };
  }, []);
  return may;
}

/** The host signs its users in (the panel cannot): say so, and offer the help center's sign-in. */
export function SignInOffer() {
  if (user.value) return null;
  return (
    <div class="hw-sign-in-offer">
      <p>{t("ticket_sign_in", { product: config.value?.site?.name || "" })}</p>
      <p>
        <a href={signInUrl()} target="_blank" rel="noopener noreferrer">{t("ticket_sign_in_help_center")}</a>
      </p>
    </div>
  );
}

/** Phones, email and support hours, with whether support is open now. */
export function ContactSummary() {
  const contact = config.value?.contact;
  if (!contact) return null;
  const phones = (contact.phones || []).filter((phone) => telHref(phone.number));
  const hours = contact.hours_text || [];
  if (!phones.length && !hours.length && !contact.email) return null;
  return (
    <section class="hw-reach-us" aria-labelledby="hw-reach-us-title">
      <h2 id="hw-reach-us-title" class="hw-section-title">{t("ticket_call_us")}</h2>
      {hours.length > 0 && (
        <p class="hw-reach-hours">
          {openText(contact)}
        </p>
      )}
      {hours.length > 0 && <ul class="hw-hours">{hours.map((line) => <li>{line}</li>)}</ul>}
      {phones.length > 0 && (
        <PhoneList phones={phones} />
      )}
      {mailHref(contact.email) && <p><a href={mailHref(contact.email)}>{contact.email}</a></p>}
    </section>
  );
}
