// General settings: name, languages, brand colour with a live contrast check, allowed origins,
// and the embed snippet to copy.
import { t } from "./i18n.js";
import { Field, GroupForm, lines } from "./settings_form.jsx";
import { fail, toast } from "./toasts.jsx";
import { Option } from "./ui.jsx";

// WCAG AA for normal text: the launcher's white text on the brand colour must reach it.
export const MIN_CONTRAST = 4.5;

function luminance(hex) {
  const channel = (i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of white text on `color` (#rrggbb), or null for another shape. */
export function contrastWithWhite(color) {
  if (!/^#[0-9a-fA-F]{6}$/.test(color || "")) return null;
  return 1.05 / (luminance(color) + 0.05);
}

/** Copy `text` to the clipboard and say so. */
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    toast(t("settings.copied"));
  } catch (error) {
    fail(error);
  }
}

function Contrast({ color }) {
  const ratio = contrastWithWhite(color);
  if (ratio === null) return <p class="contrast low" id="settings-contrast" role="status">{t("settings.colour_shape")}</p>;
  const low = ratio < MIN_CONTRAST;
  return (
    <p class={`contrast ${low ? "low" : "ok"}`} id="settings-contrast" role="status">
      <span class="swatch" style={{ background: color }} aria-hidden="true" />{" "}
      {t(low ? "settings.contrast_low" : "settings.contrast_ok",
        { ratio: ratio.toFixed(1), min: MIN_CONTRAST })}
    </p>
  );
}

export function GeneralForm({ site, doc, onSaved }) {
  return (
    <GroupForm site={site} group="general" title={t("settings.general")} doc={doc} onSaved={onSaved}
      readOnly={["embed_snippet", "brand_contrast"]}>
      {(v, set, err) => (
        <>
          <Field id="general-name" label={t("settings.name")} error={err("name")}>
            <input type="text" id="general-name" maxlength="120" value={v.name}
              onInput={(e) => set("name", e.currentTarget.value)} />
          </Field>
          <Field id="general-locales" label={t("settings.locales")} hint={t("settings.locales_hint")}
            error={err("locales", true)}>
            <input type="text" id="general-locales" value={(v.locales || []).join(", ")}
              onChange={(e) => set("locales", lines(e.currentTarget.value, /,/))} />
          </Field>
          <Field id="general-default-locale" label={t("settings.default_locale")} error={err("default_locale")}>
            <select id="general-default-locale" value={v.default_locale}
              onChange={(e) => set("default_locale", e.currentTarget.value)}>
              {(v.locales || []).map((code) => <Option value={code} label={code} />)}
            </select>
          </Field>
          <Field id="general-brand-color" label={t("settings.brand_color")} error={err("brand_color")}>
            <span class="row">
              <input type="text" id="general-brand-color" maxlength="7" pattern="#[0-9a-fA-F]{6}"
                aria-describedby="settings-contrast general-brand-color-error" value={v.brand_color}
                onInput={(e) => set("brand_color", e.currentTarget.value.trim())} />
              <input type="color" aria-label={t("settings.colour_picker")}
                value={contrastWithWhite(v.brand_color) === null ? "#000000" : v.brand_color}
                onInput={(e) => set("brand_color", e.currentTarget.value)} />
            </span>
            <Contrast color={v.brand_color} />
          </Field>
          <Field id="general-origins" label={t("settings.allowed_origins")} hint={t("settings.one_per_line")}
            error={err("allowed_origins", true)}>
            <textarea id="general-origins" rows="3" value={(v.allowed_origins || []).join("\n")}
              onChange={(e) => set("allowed_origins", lines(e.currentTarget.value))} />
          </Field>
          <Field id="general-snippet" label={t("settings.embed_snippet")} hint={t("settings.embed_hint")}>
            <textarea id="general-snippet" class="snippet" rows="3" readOnly value={doc.general.embed_snippet || ""} />
            <span><button type="button" class="secondary" onClick={() => copy(doc.general.embed_snippet || "")}>
              {t("settings.copy_snippet")}
            </button></span>
          </Field>
        </>
      )}
    </GroupForm>
  );
}
