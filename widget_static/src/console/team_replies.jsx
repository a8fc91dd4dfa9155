// A site's saved replies for its admins: per language, searchable; create, edit, delete, with
// a Markdown preview of the text. The form is team_reply_form.jsx.
import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { t } from "./i18n.js";
import { ReplyForm } from "./team_reply_form.jsx";
import { fail, toast } from "./toasts.jsx";
import { Option } from "./ui.jsx";

const FALLBACK_LOCALES = ["en", "es", "pl"];

const matches = (reply, words) => !words || [reply.title, reply.shortcut, reply.body]
  .some((text) => (text || "").toLowerCase().includes(words));

/** The saved replies section of the site `siteKey`. */
export function TeamReplies({ siteKey }) {
  const base = `/advisor/sites/${encodeURIComponent(siteKey)}/saved-replies`;
  const [replies, setReplies] = useState(null);
  const [locales, setLocales] = useState(FALLBACK_LOCALES);
  const [language, setLanguage] = useState("");
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState(null); // null, {reply: null} (new) or {reply}
  const [error, setError] = useState(null);

  const reload = async () => {
    try {
      const data = await api("GET", language ? `${base}?locale=${encodeURIComponent(language)}` : base);
      setReplies(data.saved_replies);
      setError(null);
    } catch (failure) {
      setError(failure.message);
    }
  };
  useEffect(() => { reload(); }, [siteKey, language]);
  useEffect(() => {
    // The site's languages come with its settings; the console's languages do until then.
    api("GET", `/advisor/sites/${encodeURIComponent(siteKey)}/settings`)
      .then((data) => { if (data && data.general && data.general.locales) setLocales(data.general.locales); })
      .catch(() => {});
  }, [siteKey]);

  const remove = async (reply) => {
    if (!window.confirm(t("replies.delete_confirm", { title: reply.title }))) return;
    try {
      await api("DELETE", `${base}/${reply.id}`);
      toast(t("replies.deleted"), reply.title);
    } catch (failure) {
      fail(failure);
    }
    reload();
  };
  const words = query.trim().toLowerCase();
  const shown = (replies || []).filter((reply) => matches(reply, words));
  return (
    <section class="team-replies" aria-labelledby="team-replies-title">
      <h3 id="team-replies-title">{t("replies.title")}</h3>
      <div class="toolbar">
        <select aria-label={t("replies.language")} value={language}
          onChange={(event) => setLanguage(event.currentTarget.value)}>
          <Option value="" label={t("replies.all_languages")} />
          {locales.map((code) => <Option value={code} label={t(`language.${code}`)} />)}
        </select>
        <input type="search" maxlength="200" placeholder={t("replies.search")} aria-label={t("replies.search")}
          value={query} onInput={(event) => setQuery(event.currentTarget.value)} />
        <button type="button" onClick={() => setEditing({ reply: null })}>{t("replies.new")}</button>
      </div>
      {error ? <p class="form-error" role="alert">{error}</p> : null}
      {editing ? (
        <ReplyForm key={editing.reply ? editing.reply.id : "new"} base={base} reply={editing.reply}
          locales={locales} defaultLocale={language || locales[0]}
          onDone={(saved) => {
            setEditing(null);
            if (saved) toast(t("replies.saved"), saved.title);
            reload();
          }} />
      ) : null}
      {replies && !shown.length ? <p class="empty">{t("replies.none")}</p> : null}
      <ul class="reply-list">
        {shown.map((reply) => (
          <li data-reply={reply.shortcut}>
            <span class="shortcut">/{reply.shortcut}</span> <strong>{reply.title}</strong>
            {" "}<span class="muted">{t(`language.${reply.locale}`)}</span>
            <span class="actions">
              <button type="button" class="secondary" onClick={() => setEditing({ reply })}>{t("replies.edit")}</button>
              <button type="button" class="secondary danger" onClick={() => remove(reply)}>{t("replies.delete")}</button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
