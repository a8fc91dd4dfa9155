// A site's articles as a zip of Markdown files: upload one and see what became of each file (as
// `flask articles import` reports it), or download the export in the layout the import reads.
import { useState } from "preact/hooks";
import { apiUrl } from "./api.js";
import { info, site } from "./articles_state.js";
import { locale as consoleLocale, t } from "./i18n.js";
import "./content_admin.css";
import { Option, messageLines } from "./ui.jsx";

const locales = () => (info.value && info.value.locales) || [];

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

/** POST the import form; resolve with the report, reject with the server's message. */
async function sendArchive(form) {
  let response;
  try {
    response = await fetch(apiUrl(`/advisor/sites/${encodeURIComponent(site.peek())}/articles/import`), {
      method: "POST", body: form, credentials: "same-origin",
      headers: { Accept: "application/json", "X-HelpWidget-Locale": consoleLocale, "X-CSRFToken": csrfToken() },
    });
  } catch {
    throw new Error(t("error.network"));
  }
  const data = await response.json().catch(() => null);
  if (response.ok && data) return data;
  const lines = [(data && data.error) || t("error.generic"), ...messageLines(data && data.fields)];
  throw new Error(lines.filter((v, i) => lines.indexOf(v) === i).join(" "));
}

function Report({ report }) {
  const rows = [
    ...report.imported.map((f) => ({ path: f.path, ok: true, text: t("archive.imported_as", { locale: f.locale, slug: f.slug }) })),
    ...report.errors.map((f) => ({ path: f.path, ok: false, text: f.reason })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return (
    <div class="archive-report">
      <p role="status">{t("archive.summary", { imported: report.imported.length, refused: report.errors.length })}</p>
      <table>
        <thead><tr><th scope="col">{t("archive.file")}</th><th scope="col">{t("archive.result")}</th></tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr class={row.ok ? "" : "refused"}><td><code>{row.path}</code></td><td>{row.text}</td></tr>
          ))}
        </tbody>
      </table>
      {report.ignored.length ? (
        <p class="muted">{t("archive.ignored", { files: report.ignored.join(", ") })}</p>
      ) : null}
    </div>
  );
}

function Import() {
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (!form.get("locale")) form.delete("locale");
    setBusy(true);
    setError(null);
    try {
      setReport(await sendArchive(form));
    } catch (failure) {
      setReport(null);
      setError(failure.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-label={t("archive.import_heading")}>
      <h3>{t("archive.import_heading")}</h3>
      <p class="hint">{t("archive.import_hint")}</p>
      <form class="archive-import" onSubmit={submit}>
        <label class="field"><span>{t("archive.file_label")}</span>
          <input type="file" name="file" accept=".zip,application/zip" required /></label>
        <label class="field"><span>{t("archive.default_language")}</span>
          <select name="locale">
            <Option value="" label={t("archive.site_default")} />
            {locales().map((code) => <Option value={code} label={t(`language.${code}`)} />)}
          </select></label>
        <button type="submit" disabled={busy}>{t("archive.import")}</button>
      </form>
      <p class="field-error" role="alert" hidden={!error}>{error}</p>
      {report ? <Report report={report} /> : null}
    </section>
  );
}

function Export() {
  const [language, setLanguage] = useState("");
  const query = language ? `?locale=${encodeURIComponent(language)}` : "";
  const href = apiUrl(`/advisor/sites/${encodeURIComponent(site.value)}/articles/export.zip${query}`);
  return (
    <section aria-label={t("archive.export_heading")}>
      <h3>{t("archive.export_heading")}</h3>
      <div class="archive-export">
        <select aria-label={t("archive.export_language")} value={language}
          onChange={(event) => setLanguage(event.currentTarget.value)}>
          <Option value="" label={t("archive.all_languages")} />
          {locales().map((code) => <Option value={code} label={t(`language.${code}`)} />)}
        </select>
        <a class="button" href={href} download>{t("archive.export")}</a>
      </div>
    </section>
  );
}

/** The import and export section of the Articles tab. */
export function ArchiveView() {
  return <div class="content-archive"><Import /><Export /></div>;
}
