// The form of one saved reply: language, shortcut, title and Markdown text with its preview.
import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { t } from "./i18n.js";
import { useMarkdownPreview } from "./markdown_preview.js";
import { FormField } from "./team_add.jsx";
import { Option, messageLines } from "./ui.jsx";

/** Create (reply null) or edit a saved reply; `onDone(saved | null)` closes the form. */
export function ReplyForm({ base, reply, locales, defaultLocale, onDone }) {
  const [values, setValues] = useState(() => ({
    locale: reply ? reply.locale : defaultLocale, shortcut: reply ? reply.shortcut : "",
    title: reply ? reply.title : "", body: reply ? reply.body : "",
  }));
  const [error, setError] = useState(null);
  const [previewHtml, preview] = useMarkdownPreview();
  useEffect(() => { if (values.body) preview(values.body); }, []);

  const fields = (error && error.fields) || {};
  const fieldError = (name) => (fields[name] ? messageLines(fields[name]).join(" ") : null);
  const bind = (name) => ({
    value: values[name],
    onInput: (event) => setValues({ ...values, [name]: event.currentTarget.value }),
  });
  const save = async (event) => {
    event.preventDefault();
    try {
      onDone(reply ? await api("PUT", `${base}/${reply.id}`, values) : await api("POST", base, values));
    } catch (failure) {
      setError(failure);
    }
  };
  const choices = locales.includes(values.locale) ? locales : [...locales, values.locale];
  return (
    <form class="reply-form" noValidate onSubmit={save}>
      <p class="form-error" role="alert" hidden={!error}>{error ? error.message : ""}</p>
      <div class="grid">
        <FormField id="reply-locale" label={t("replies.language")} error={fieldError("locale")}>
          {(a) => (
            <select {...a} value={values.locale} onChange={(event) => setValues({ ...values, locale: event.currentTarget.value })}>
              {choices.map((code) => <Option value={code} label={t(`language.${code}`)} />)}
            </select>)}
        </FormField>
        <FormField id="reply-shortcut" label={t("replies.shortcut")} hint={t("replies.shortcut_hint")}
          error={fieldError("shortcut")}>
          {(a) => <input type="text" maxlength="40" required {...a} {...bind("shortcut")} />}
        </FormField>
        <FormField id="reply-title" label={t("replies.reply_title")} error={fieldError("title")}>
          {(a) => <input type="text" maxlength="200" required {...a} {...bind("title")} />}
        </FormField>
      </div>
      <div class="split">
        <FormField id="reply-body" label={t("replies.body")} error={fieldError("body")}>
          {(a) => (
            <textarea rows="8" class="markdown" required {...a} value={values.body} onInput={(event) => {
              const body = event.currentTarget.value;
              setValues({ ...values, body });
              preview(body);
            }} />)}
        </FormField>
        <div class="field">
          <span class="label">{t("replies.preview")}</span>
          <div class="preview body reply-preview" aria-live="off" dangerouslySetInnerHTML={{ __html: previewHtml }} />
        </div>
      </div>
      <div class="actions">
        <button type="submit">{t("replies.save")}</button>
        <button type="button" class="secondary" onClick={() => onDone(null)}>{t("replies.cancel")}</button>
      </div>
    </form>
  );
}
