// The request categories editor: cards (key, icon, priority, title, hint, description per
// language) each with its subcategories. Fields it does not edit stay as they were.
import { t } from "./i18n.js";
import { PerLanguage, move } from "./settings_form.jsx";
import { Cell, Rows } from "./settings_rows.jsx";

export const PRIORITIES = ["urgent", "high", "normal", "low"];

function Card({ card, index, count, locales, change, remove, shift, err }) {
  const id = `category-${index}`;
  const path = `categories.${index}`;
  const set = (name, value) => change({ ...card, [name]: value });
  return (
    <li class="category-card">
      <div class="row">
        <Cell id={`${id}-key`} label={t("settings.key")} value={card.key} size={14} maxlength={64}
          onInput={(key) => set("key", key)} />
        <Cell id={`${id}-icon`} label={t("settings.icon")} value={card.icon} size={3} maxlength={8}
          onInput={(icon) => set("icon", icon)} />
        <span class="field">
          <label for={`${id}-priority`}>{t("settings.priority")}</label>
          <select id={`${id}-priority`} value={card.priority || "normal"} onChange={(e) => set("priority", e.currentTarget.value)}>
            {PRIORITIES.map((p) => <option value={p}>{t(`priority.${p}`)}</option>)}
          </select>
        </span>
        <button type="button" class="secondary small-button" disabled={index === 0} onClick={() => shift(-1)}
          aria-label={t("settings.move_up", { name: card.key })}>↑</button>
        <button type="button" class="secondary small-button" disabled={index === count - 1} onClick={() => shift(1)}
          aria-label={t("settings.move_down", { name: card.key })}>↓</button>
        <button type="button" class="secondary small-button" onClick={remove}>{t("settings.remove")}</button>
      </div>
      <PerLanguage id={`${id}-title`} label={t("settings.category_title")} value={card.title} locales={locales}
        onChange={(title) => set("title", title)} error={err(`${path}.title`, true)} />
      <PerLanguage id={`${id}-hint`} label={t("settings.category_hint")} value={card.hint} locales={locales}
        onChange={(hint) => set("hint", hint)} error={err(`${path}.hint`, true)} />
      <PerLanguage id={`${id}-description`} label={t("settings.category_description")} value={card.description}
        locales={locales} onChange={(description) => set("description", description)}
        error={err(`${path}.description`, true)} />
      <fieldset>
        <legend>{t("settings.subcategories")}</legend>
        <Rows name="subcategories" list={card.subcategories} set={set}
          err={(sub, deep) => err(`${path}.${sub}`, deep)} addLabel={t("settings.add_subcategory")}
          blank={() => ({ key: "", title: {} })}
          render={(row, sub, changeRow) => (
            <>
              <Cell id={`${id}-sub-${sub}-key`} label={t("settings.key")} value={row.key} size={14} maxlength={64}
                onInput={(key) => changeRow({ ...row, key })} />
              <PerLanguage id={`${id}-sub-${sub}-title`} label={t("settings.subcategory_title")} value={row.title}
                locales={locales} onChange={(title) => changeRow({ ...row, title })} />
            </>
          )} />
      </fieldset>
      <p class="field-error" hidden={!err(path)}>{err(path)}</p>
    </li>
  );
}

/** The cards of `categories`; `set("categories", list)` changes them. */
export function CategoriesEditor({ categories, locales, set, err }) {
  const cards = categories || [];
  const put = (list) => set("categories", list);
  return (
    <fieldset>
      <legend>{t("settings.categories")}</legend>
      <ul class="rows">
        {cards.map((card, index) => (
          <Card card={card} index={index} count={cards.length} locales={locales} err={err}
            change={(next) => put(cards.map((old, i) => (i === index ? next : old)))}
            remove={() => put(cards.filter((_, i) => i !== index))}
            shift={(step) => put(move(cards, index, step))} />
        ))}
      </ul>
      <p class="field-error" hidden={!err("categories")}>{err("categories")}</p>
      <button type="button" class="secondary" onClick={() => put([...cards, {
        // No empty hint or description: the server refuses a text-per-language without any text.
        key: "", icon: "", priority: "normal", title: {}, subcategories: [],
      }])}>{t("settings.add_category")}</button>
    </fieldset>
  );
}
