// The panel's menu: each item on or off, in order, with the trainings address and the remote
// support tool's downloads and guides.
import { t } from "./i18n.js";
import { Field, GroupForm, PerLanguage, move } from "./settings_form.jsx";

export const MENU_ITEMS = ["search", "page_help", "chat", "my_requests", "new_request", "trainings",
  "remote_support", "speed_test", "status", "contact", "community"];
const SYSTEMS = ["windows", "mac"];

/** The site's items in order, then any item it does not list yet (off). */
function withEveryItem(items) {
  const listed = (items || []).map((entry) => entry.item);
  return [...(items || []), ...MENU_ITEMS.filter((item) => !listed.includes(item))
    .map((item) => ({ item, enabled: false }))];
}

function Guide({ id, label, value, locales, onChange, error }) {
  if (value && typeof value === "object") {
    return <PerLanguage id={id} label={label} value={value} locales={locales} onChange={onChange} error={error} />;
  }
  return (
    <Field id={id} label={label} hint={t("settings.guide_hint")} error={error}>
      <input type="text" id={id} maxlength="200" value={value || ""} onInput={(e) => onChange(e.currentTarget.value)} />
    </Field>
  );
}

function RemoteSupport({ entry, index, locales, change, err }) {
  const path = `items.${index}`;
  // A cleared address or guide is left out rather than sent empty.
  const sub = (name, os, value) => {
    const next = { ...(entry[name] || {}), [os]: value };
    if (!value || (typeof value === "object" && !Object.values(value).some(Boolean))) delete next[os];
    change({ ...entry, [name]: next });
  };
  return (
    <fieldset>
      <legend>{t("settings.menu_item.remote_support")}</legend>
      <Field id="menu-remote-tool" label={t("settings.remote_tool")} error={err(`${path}.tool`)}>
        <input type="text" id="menu-remote-tool" maxlength="80" value={entry.tool || ""}
          onInput={(e) => change({ ...entry, tool: e.currentTarget.value })} />
      </Field>
      {SYSTEMS.map((os) => (
        <div class="row">
          <Field id={`menu-download-${os}`} label={t(`settings.download_${os}`)} error={err(`${path}.downloads.${os}`)}>
            <input type="url" id={`menu-download-${os}`} maxlength="500" placeholder="https://"
              value={(entry.downloads || {})[os] || ""} onInput={(e) => sub("downloads", os, e.currentTarget.value)} />
          </Field>
          <Guide id={`menu-guide-${os}`} label={t(`settings.guide_${os}`)} value={(entry.guides || {})[os]}
            locales={locales} error={err(`${path}.guides.${os}`, true)} onChange={(value) => sub("guides", os, value)} />
        </div>
      ))}
    </fieldset>
  );
}

export function MenuForm({ site, doc, onSaved }) {
  const locales = doc.general.locales || [];
  return (
    <GroupForm site={site} group="menu" title={t("settings.menu")} doc={doc} onSaved={onSaved}>
      {(v, set, err) => {
        const items = withEveryItem(v.items);
        const put = (index, entry) => set("items", items.map((old, i) => (i === index ? entry : old)));
        return (
          <>
            <p class="hint">{t("settings.menu_hint")}</p>
            <ul class="menu-items">
              {items.map((entry, index) => (
                <li key={entry.item}>
                  <input type="checkbox" id={`menu-${entry.item}`} checked={entry.enabled !== false}
                    onChange={(e) => put(index, { ...entry, enabled: e.currentTarget.checked })} />
                  <label class="name" for={`menu-${entry.item}`}>{t(`settings.menu_item.${entry.item}`)}</label>
                  <button type="button" class="secondary small-button" disabled={index === 0}
                    aria-label={t("settings.move_up", { name: t(`settings.menu_item.${entry.item}`) })}
                    onClick={() => set("items", move(items, index, -1))}>↑</button>
                  <button type="button" class="secondary small-button" disabled={index === items.length - 1}
                    aria-label={t("settings.move_down", { name: t(`settings.menu_item.${entry.item}`) })}
                    onClick={() => set("items", move(items, index, 1))}>↓</button>
                  <span class="field-error" hidden={!err(`items.${index}`)}>{err(`items.${index}`)}</span>
                </li>
              ))}
            </ul>
            <p class="field-error" hidden={!err("items")}>{err("items")}</p>
            {items.map((entry, index) => (entry.item === "trainings" ? (
              <Field id="menu-trainings-url" label={t("settings.trainings_url")} error={err(`items.${index}.url`)}>
                <input type="url" id="menu-trainings-url" maxlength="500" placeholder="https://" value={entry.url || ""}
                  onInput={(e) => {
                    const { url, ...rest } = entry;
                    put(index, e.currentTarget.value.trim() ? { ...rest, url: e.currentTarget.value.trim() } : rest);
                  }} />
              </Field>
            ) : entry.item === "remote_support" ? (
              <RemoteSupport entry={entry} index={index} locales={locales} err={err}
                change={(next) => put(index, next)} />
            ) : null))}
          </>
        );
      }}
    </GroupForm>
  );
}
