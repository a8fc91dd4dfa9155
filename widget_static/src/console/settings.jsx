// A site's settings for its admins, group by group: pick a site, then one form per group.
import "./settings.css";
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { api } from "./api.js";
import { t } from "./i18n.js";
import { sites } from "./me.js";
import { AlertsForm, HelpCenterForm } from "./settings_alerts.jsx";
import { ChatForm } from "./settings_chat.jsx";
import { ContactForm } from "./settings_contact.jsx";
import { GeneralForm } from "./settings_general.jsx";
import { IdentityPanel } from "./settings_identity.jsx";
import { MenuForm } from "./settings_menu.jsx";
import { NewSiteForm } from "./settings_new_site.jsx";
import { RequestsForm } from "./settings_requests.jsx";
import { SearchForm } from "./settings_search.jsx";
import { StatusPanel } from "./settings_status.jsx";
import { synonymDraft } from "./synonym_draft.js";
import { Option } from "./ui.jsx";
import { useShown } from "./view_shown.js";

const chosen = signal("");
const doc = signal(null);
const loadError = signal(null);
// Bumped on each load, so the forms start again from what the server holds.
const version = signal(0);

const adminSites = () => sites().filter((s) => s.role === "admin");

async function load(key) {
  chosen.value = key;
  doc.value = null;
  loadError.value = null;
  if (!key) return;
  try {
    const data = await api("GET", `/advisor/sites/${encodeURIComponent(key)}/settings`);
    if (chosen.peek() !== key) return;
    doc.value = data;
    version.value += 1;
  } catch (error) {
    loadError.value = error.message;
  }
}

const FORMS = [GeneralForm, MenuForm, ContactForm, ChatForm, RequestsForm, AlertsForm, HelpCenterForm,
  SearchForm];

export function SettingsView() {
  const shown = useShown("settings");
  useEffect(() => {
    if (!shown) return;
    // Each showing starts from what the server holds now.
    const mine = adminSites();
    // A synonym draft (synonym_draft.js) opens the settings of its own site.
    const draft = synonymDraft.peek();
    const drafted = draft && mine.some((s) => s.key === draft.site) ? draft.site : "";
    const key = drafted || chosen.peek() || (mine.length ? mine[0].key : "");
    if (key) load(key);
  }, [shown]);
  if (!shown) return null;
  const data = doc.value;
  const onSaved = (saved) => { doc.value = saved; };
  const key = chosen.value;
  return (
    <div class="settings">
      <h2>{t("settings.title")}</h2>
      <div class="field site-picker">
        <label for="settings-site">{t("settings.site")}</label>
        <select id="settings-site" value={key} onChange={(event) => load(event.currentTarget.value)}>
          {adminSites().map((s) => <Option value={s.key} label={s.name} />)}
        </select>
      </div>
      <NewSiteForm onCreated={load} />
      {loadError.value ? <p class="form-error" role="alert">{loadError.value}</p> : null}
      {!adminSites().length ? <p class="muted">{t("settings.no_sites")}</p> : null}
      {key && !data && !loadError.value ? <p class="muted">{t("settings.loading")}</p> : null}
      {data ? (
        <div class="settings-groups" key={`${key}-${version.value}`}>
          {FORMS.map((Form) => <Form site={key} doc={data} onSaved={onSaved} />)}
          <IdentityPanel site={key} doc={data} onSaved={onSaved} />
          <StatusPanel site={key} doc={data} />
        </div>
      ) : null}
    </div>
  );
}
