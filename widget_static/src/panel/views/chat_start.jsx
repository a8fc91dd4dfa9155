// Before a chat: a topic, who the visitor is and the first message; or, when nobody can answer
// now, why not and a request instead (what the visitor typed is kept).
import { useEffect, useState } from "preact/hooks";
import { formatDate, t } from "../i18n.js";
import { navigate } from "../router.js";
import { request } from "../socket.js";
import { hostRoute, locale, user } from "../state.js";
import { ErrorNote, Field, withoutField } from "../ui.jsx";
import { keepUnsent, unsent } from "./chat_prefs.js";
import { availability, merge, newId, phase, resetChat, setChat } from "./chat_state.js";
import { ContactSummary, SignInOffer, useMayOpen } from "./reach_us.jsx";
import { Suggestions, onSolved, useSuggestions } from "./suggestions.jsx";

// The form's other fields, kept while a suggested article is read (the message is kept unsent).
const NO_FIELDS = { topic: "", name: "", email: "" };
let keptFields = NO_FIELDS;

// A suggested article solved the problem: nothing of the chat's draft is wanted any more.
onSolved("chat", () => {
  keptFields = NO_FIELDS;
  keepUnsent("");
});

function topicLabel(topic) {
  const label = topic.label;
  if (!label || typeof label === "string") return label || topic.key;
  return label[locale.value] || label.en || Object.values(label)[0] || topic.key;
}

/** Why nobody can chat now: support closed, nobody online, or everyone online busy. */
function offlineText(state) {
  if (!state.within_hours) {
    return state.next_open ? t("chat_closed_until", { date: formatDate(state.next_open) }) : t("chat_closed_now");
  }
  return state.online ? t("chat_busy") : t("chat_none_online");
}

/**
 * Nobody can answer now: say why and when support opens, and offer a request instead; where the
 * visitor may not send one, how to (sign in), the phones and hours. What they typed is kept.
 */
export function Offline({ state, message }) {
  const [text, setText] = useState(message || unsent.peek() || "");
  const mayOpen = useMayOpen();
  useEffect(() => keepUnsent(text), [text]);
  function leave() {
    const words = text.trim();
    navigate("new_request", { subject: words.split("\n")[0].slice(0, 140), description: words });
  }
  return (
    <div class="hw-chat-offline">
      <p role="status">{offlineText(state)}</p>
      {mayOpen !== false && <p>{t("chat_offer_ticket")}</p>}
      <Field id="hw-chat-offline-text" label={t("chat_your_question")}
        hint={mayOpen === false ? t("chat_kept") : null}>
        <textarea id="hw-chat-offline-text" rows={4} value={text}
          aria-describedby={mayOpen === false ? "hw-chat-offline-text-hint" : undefined}
          onInput={(event) => setText(event.currentTarget.value)} />
      </Field>
      {mayOpen !== false ? (
        <button type="button" class="hw-button" onClick={leave} disabled={mayOpen === null}>
          {t("chat_leave_request")}
        </button>
      ) : (
        <>
          <SignInOffer />
          <ContactSummary />
        </>
      )}
    </div>
  );
}

/** Before the chat: a topic, who the visitor is (when the host did not say), the first message. */
export function Start({ message, topics, onStarted }) {
  const me = user.value;
  const [form, setForm] = useState({ ...keptFields, body: message || unsent.peek() || "" });
  const found = useSuggestions(form.body, "chat");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name) => (event) => {
    const value = event.currentTarget.value;
    setForm((current) => ({ ...current, [name]: value }));
    if (name === "body") keepUnsent(value);
    // A field's error goes as soon as the field is edited; the others stay until sent again.
    setError((current) => withoutField(current, name));
  };
  const fieldError = (name) => (error?.fields?.[name] ? [].concat(error.fields[name]).join(" ") : null);

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    if (!me && !form.name.trim()) {
      setError({ message: t("chat_name_needed"), fields: { name: [t("chat_name_needed")] } });
      return;
    }
    setBusy(true);
    setError(null);
    const body = form.body.trim();
    const data = { topic: form.topic, page_route: (hostRoute.value?.route || "").slice(0, 500),
      locale: locale.value };
    if (!me) data.name = form.name.trim();
    if (!me && form.email.trim()) data.email = form.email.trim();
    if (body) Object.assign(data, { body, client_id: newId() });
    try {
      const answer = await request("chat:start", data);
      resetChat();
      setChat(answer.chat);
      merge(answer.messages);
      keepUnsent("");
      keptFields = NO_FIELDS;
      onStarted();
      phase.value = "chat";
    } catch (failure) {
      if (failure.code === "unavailable") {
        keepUnsent(form.body);
        availability.value = { ...availability.peek(), can_chat: false };
      }
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <form class="hw-chat-start" noValidate onSubmit={submit}>
      <p class="hw-muted">{t("chat_intro")}</p>
      {topics.length > 0 && (
        <Field id="hw-chat-topic" label={t("chat_topic")} error={fieldError("topic")}>
          <select id="hw-chat-topic" value={form.topic} onChange={set("topic")}>
            <option value="">{t("chat_topic_any")}</option>
            {topics.map((topic) => <option key={topic.key} value={topic.key}>{topicLabel(topic)}</option>)}
          </select>
        </Field>
      )}
      {!me && (
        <>
          <Field id="hw-chat-name" label={t("chat_name")} error={fieldError("name")}>
            <input id="hw-chat-name" type="text" autocomplete="name" maxLength={200} value={form.name}
              aria-invalid={fieldError("name") ? "true" : undefined} onInput={set("name")} />
          </Field>
          <Field id="hw-chat-email" label={t("chat_email")} hint={t("chat_email_hint")} error={fieldError("email")}>
            <input id="hw-chat-email" type="email" autocomplete="email" maxLength={320} value={form.email}
              aria-describedby="hw-chat-email-hint" aria-invalid={fieldError("email") ? "true" : undefined}
              onInput={set("email")} />
          </Field>
        </>
      )}
      <Field id="hw-chat-first" label={t("chat_first_message")} error={fieldError("body")}>
        <textarea id="hw-chat-first" rows={3} value={form.body} onInput={set("body")} />
      </Field>
      <Suggestions found={found} source="chat" keep={() => {
        keepUnsent(form.body);
        keptFields = { topic: form.topic, name: form.name, email: form.email };
      }} />
      {error && !error.fields && <ErrorNote error={error} />}
      <button type="submit" class="hw-button" disabled={busy}>{t("chat_start")}</button>
    </form>
  );
}
