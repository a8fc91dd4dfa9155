// The Search group of Site settings: synonym groups per language ("anular ↔ cancelar ↔ void"),
// added, edited and deleted one at a time, and whether searches are recorded for Insights and
// for how long (fields of the help_center settings group).
import "./settings_search.css";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "./api.js";
import { t } from "./i18n.js";
import { Check, Field, GroupForm } from "./settings_form.jsx";
import { synonymDraft, takeDraft } from "./synonym_draft.js";
import { toast } from "./toasts.jsx";
import { messageLines } from "./ui.jsx";

/** A group as people read it. */
export const groupLabel = (terms) => terms.join(" ↔ ");

const split = (text) => text.split(",").map((s) => s.replace(/\s+/g, " ").trim()).filter(Boolean);

/** The server's messages about the words, each said with the word it is about. */
function termErrors(error, terms) {
  if (!error) return "";
  const lines = [];
  for (const [key, value] of Object.entries(error.fields || {})) {
    const match = /^terms\.(\d+)$/.exec(key);
    if (key === "terms") lines.push(...messageLines(value));
    else if (match) lines.push(...messageLines(value).map((m) => `“${terms[Number(match[1])] ?? ""}”: ${m}`));
  }
  return lines.join(" ");
}

/**
 * Words as chips with a text box: a comma (or Enter) turns what was typed into chips; what
 * is still typed counts too. `onChange` gets the whole list.
 */
function TermsInput({ id, words, onChange, error, inputRef }) {
  const [text, setText] = useState("");
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const commit = (raw) => {
    const parts = raw.split(",");
    const rest = parts.pop();
    const done = split(parts.join(","));
    setText(rest);
    onChange([...words, ...done], rest);
  };
  return (
    <div class="field terms-field">
      <label for={id}>{t("search.terms")}</label>
      {words.length ? (
        <ul class="chips">
          {words.map((word, index) => (
            <li class="chip">
              <span>{word}</span>
              <button type="button" class="chip-remove" aria-label={t("search.remove_word", { word })}
                onClick={() => onChange(words.filter((_, i) => i !== index), text)}>×</button>
            </li>
          ))}
        </ul>
      ) : null}
      <input type="text" id={id} ref={inputRef} value={text} maxlength="1300" autocomplete="off"
        aria-describedby={`${hintId} ${errorId}`} aria-invalid={error ? "true" : undefined}
        onInput={(e) => {
          const value = e.currentTarget.value;
          if (value.includes(",")) commit(value);
          else { setText(value); onChange(words, value); }
        }}
        onKeyDown={(e) => {
          if (e.key === "Backspace" && !text && words.length) onChange(words.slice(0, -1), text);
        }} />
      <p class="hint" id={hintId}>{t("search.terms_hint")}</p>
      <p class="field-error" id={errorId} hidden={!error}>{error || ""}</p>
    </div>
  );
}

/** A group's form: new (POST) or an existing one (PUT); `onDone(row)` after a save. */
function GroupEditor({ site, locale, row, start, onDone, onCancel, focus }) {
  const [words, setWords] = useState(() => (row ? row.terms.slice() : (start || [])));
  const [pending, setPending] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [round, setRound] = useState(0); // remounts the text box empty after an add
  const inputRef = useRef(null);
  const id = row ? `synonym-edit-${row.id}` : "synonym-new";
  useEffect(() => { if (focus && inputRef.current) inputRef.current.focus(); }, [focus]);
  const terms = [...words, ...split(pending)];
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    const base = `/advisor/sites/${encodeURIComponent(site)}/synonyms`;
    try {
      const saved = row
        ? await api("PUT", `${base}/${row.id}`, { terms })
        : await api("POST", base, { locale, terms });
      setError(null);
      toast(t(row ? "search.saved" : "search.added"), groupLabel(saved.terms));
      if (!row) {
        setWords([]);
        setPending("");
        setRound((n) => n + 1);
      }
      onDone(saved);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = termErrors(error, terms);
  // The language is chosen above the list; its message goes with the form's.
  const localeError = error ? messageLines((error.fields || {}).locale).join(" ") : "";
  return (
    <form class={row ? "synonym-editor" : "synonym-editor synonym-new"} noValidate onSubmit={save}
      aria-label={row ? t("search.edit", { group: groupLabel(row.terms) }) : t("search.new_group")}>
      {!row ? <h4>{t("search.new_group")}</h4> : null}
      <p class="form-error" role="alert" hidden={!error}>{error ? [error.message, localeError].filter(Boolean).join(" ") : ""}</p>
      <TermsInput key={round} id={id} words={words} error={fieldError} inputRef={inputRef}
        onChange={(list, rest) => { setWords(list); setPending(rest); }} />
      <div class="form-actions">
        <button type="submit" disabled={busy}>{t(row ? "search.save" : "search.add")}</button>
        {onCancel ? <button type="button" class="secondary" onClick={onCancel}>{t("search.cancel")}</button> : null}
      </div>
    </form>
  );
}

function SynonymGroups({ site, locales, defaultLocale }) {
  const [locale, setLocale] = useState(defaultLocale);
  const [rows, setRows] = useState(null);
  const [loadError, setLoadError] = useState("");
  const [editing, setEditing] = useState(null);
  // Words sent from elsewhere (synonym_draft.js); `n` starts a fresh new-group form for each.
  const [start, setStart] = useState(null);
  const section = useRef(null);
  const base = `/advisor/sites/${encodeURIComponent(site)}/synonyms`;
  const pending = synonymDraft.value;

  const reload = async () => {
    try {
      const data = await api("GET", base);
      setRows(data.synonyms);
      setLoadError("");
    } catch (failure) {
      setLoadError(failure.message);
    }
  };
  useEffect(() => { reload(); }, [site]);
  useEffect(() => {
    const taken = takeDraft(site);
    if (!taken) return;
    if (locales.includes(taken.locale)) setLocale(taken.locale);
    setEditing(null);
    setStart((old) => ({ words: taken.words, n: (old ? old.n : 0) + 1 }));
    if (section.current) section.current.scrollIntoView({ block: "start" });
  }, [pending, site]);

  const remove = async (row) => {
    if (!window.confirm(t("search.delete_confirm", { group: groupLabel(row.terms) }))) return;
    try {
      await api("DELETE", `${base}/${row.id}`);
      toast(t("search.deleted"), groupLabel(row.terms));
    } catch (failure) {
      setLoadError(failure.message);
    }
    reload();
  };

  const shown = (rows || []).filter((row) => row.locale === locale);
  return (
    <section class="settings-form settings-search" ref={section} aria-labelledby="search-title">
      <h3 id="search-title">{t("search.title")}</h3>
      <p class="hint">{t("search.intro")}</p>
      <Field id="search-locale" label={t("search.language")}>
        <select id="search-locale" value={locale}
          onChange={(e) => { setLocale(e.currentTarget.value); setEditing(null); }}>
          {locales.map((code) => <option value={code}>{t(`language.${code}`)} ({code})</option>)}
        </select>
      </Field>
      <h4 id="search-groups-title">{t("search.synonyms")}</h4>
      {loadError ? <p class="form-error" role="alert">{loadError}</p> : null}
      {rows && !shown.length ? <p class="muted">{t("search.none")}</p> : null}
      <ul class="rows synonym-groups" aria-labelledby="search-groups-title">
        {shown.map((row) => (
          <li class="synonym-group" key={row.id}>
            {editing === row.id ? (
              <GroupEditor site={site} locale={locale} row={row} focus
                onDone={() => { setEditing(null); reload(); }} onCancel={() => setEditing(null)} />
            ) : (
              <div class="row">
                <span class="synonym-label" lang={locale}>{groupLabel(row.terms)}</span>
                <button type="button" class="secondary small-button"
                  aria-label={t("search.edit", { group: groupLabel(row.terms) })}
                  onClick={() => setEditing(row.id)}>{t("search.edit_button")}</button>
                <button type="button" class="danger small-button"
                  aria-label={t("search.delete", { group: groupLabel(row.terms) })}
                  onClick={() => remove(row)}>{t("search.delete_button")}</button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <GroupEditor key={`${locale}-${start ? start.n : 0}`} site={site} locale={locale}
        start={start ? start.words : null} focus={Boolean(start)} onDone={reload} />
    </section>
  );
}

const RETENTION = { min: 1, max: 730 };

function InsightsForm({ site, doc, onSaved }) {
  return (
    <GroupForm site={site} group="help_center" title={t("search.insights")} doc={doc} onSaved={onSaved}>
      {(v, set, err) => (
        <>
          <Check id="search-insights-enabled" label={t("search.insights_enabled")}
            checked={Boolean(v.insights_enabled)} error={err("insights_enabled")}
            onChange={(on) => set("insights_enabled", on)} />
          <p class="hint">{t("search.insights_hint")}</p>
          <Field id="search-retention" label={t("search.retention_days")} hint={t("search.retention_hint")}
            error={err("insights_retention_days")}>
            <input type="number" id="search-retention" min={RETENTION.min} max={RETENTION.max} step="1"
              value={v.insights_retention_days ?? ""} aria-describedby="search-retention-hint search-retention-error"
              onInput={(e) => {
                const raw = e.currentTarget.value.trim();
                // A number when it is one; otherwise the text, for the server to say what is wrong.
                set("insights_retention_days", /^-?\d+$/.test(raw) ? Number(raw) : raw);
              }} />
          </Field>
        </>
      )}
    </GroupForm>
  );
}

export function SearchForm({ site, doc, onSaved }) {
  const general = doc.general || {};
  const locales = general.locales && general.locales.length ? general.locales : [general.default_locale || "en"];
  return (
    <div class="search-settings">
      <SynonymGroups site={site} locales={locales} defaultLocale={general.default_locale || locales[0]} />
      <InsightsForm site={site} doc={doc} onSaved={onSaved} />
    </div>
  );
}
