// Rating something finished (a request, a chat): 1 to 5 stars and an optional comment, once.
import { useState } from "preact/hooks";
import { t } from "../i18n.js";
import { ErrorNote, Field, fieldText, withoutField } from "../ui.jsx";

/** Five choices as radio buttons: keyboard and screen readers get them for free. */
function Stars({ name, value, onChange }) {
  return (
    <div class="hw-stars">
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n} class={value >= n ? "hw-star hw-star-on" : "hw-star"}>
          <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} />
          <span aria-hidden="true">★</span>
          <span class="hw-visually-hidden">{t("rating_n", { n })}</span>
        </label>
      ))}
    </div>
  );
}

/**
 * Rate something finished (a request, a chat): 1 to 5 stars and a comment. `send(score, comment)`
 * is async and throws an API error ({message, fields}) that is shown here.
 */
export function Rating({ idPrefix, legend, send }) {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    if (!score) {
      setError({ message: t("rating_choose") });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await send(score, comment.trim());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  const commentError = fieldText(error?.fields?.comment);
  return (
    <form class="hw-rating hw-request-box" onSubmit={submit} noValidate>
      <fieldset class="hw-rating-set">
        <legend class="hw-label">{legend}</legend>
        <Stars name={`${idPrefix}-score`} value={score}
          onChange={(value) => { setScore(value); setError((c) => (c?.fields ? c : null)); }} />
      </fieldset>
      <Field id={`${idPrefix}-comment`} label={t("rating_comment")} error={commentError}>
        <textarea id={`${idPrefix}-comment`} rows={2} maxLength={2000} value={comment}
          onInput={(event) => { setComment(event.currentTarget.value); setError((c) => withoutField(c, "comment")); }} />
      </Field>
      <ErrorNote error={error && !commentError ? error : null} />
      <button type="submit" class="hw-button" disabled={busy}>{t("rating_send")}</button>
    </form>
  );
}

/** A rating already given. */
export function Rated({ score, comment }) {
  return (
    <p class="hw-rated">
      {t("rating_given", { score })}
      {comment && <> — <q class="hw-rated-comment">{comment}</q></>}
    </p>
  );
}

