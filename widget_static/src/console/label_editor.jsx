// A ticket's or a chat's labels: chips with a remove button each, and a field that adds the
// name typed on Enter, suggesting the site's labels as you type (arrows move, Enter picks,
// Escape closes). Each change replaces the whole set.
import { useEffect, useState } from "preact/hooks";
import { fold } from "./chat_util.js";
import { t } from "./i18n.js";
import { saveChatLabels, saveTicketLabels, siteLabels } from "./labels_state.js";
import { detail, reloadSoon } from "./tickets_state.js";
import { messageLines } from "./ui.jsx";
import "./labels.css";

const MAX_SUGGESTIONS = 8;
let editors = 0;

/** The site's labels matching what is typed and not on yet: those starting with it first. */
function matching(choices, labels, text) {
  const q = fold(text.trim());
  if (!q) return [];
  const starts = (c) => (fold(c.name).indexOf(q) === 0 ? 0 : 1);
  return choices
    .filter((c) => !labels.includes(c.name) && fold(c.name).includes(q))
    .sort((a, b) => starts(a) - starts(b) || a.name.localeCompare(b.name))
    .slice(0, MAX_SUGGESTIONS);
}

/** Chips and an adding field for `labels` of site `site`; `save(names)` stores a new set. */
export function LabelEditor({ site, labels, save }) {
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [choices, setChoices] = useState([]);
  const [index, setIndex] = useState(-1); // the suggestion arrows chose, or -1
  const [open, setOpen] = useState(false);
  const [listId] = useState(() => `label-choices-${(editors += 1)}`);
  const suggest = () => siteLabels(site).then(setChoices);
  useEffect(() => { if (site) suggest(); }, [site]);
  const offered = open ? matching(choices, labels, text) : [];

  async function replace(names, typed) {
    setBusy(true);
    try {
      await save(names);
      setError("");
      if (typed) setText("");
      setOpen(false);
      suggest();
    } catch (failure) {
      // What was typed stays in the field, to be corrected.
      const lines = messageLines(failure.fields && failure.fields.labels);
      setError(lines.length ? lines.join(" ") : failure.message);
    } finally {
      setBusy(false);
    }
  }
  const add = (name) => {
    if (name.trim() && !busy) replace([...labels, name.trim()], true);
  };
  const onKeyDown = (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!offered.length) return;
      event.preventDefault();
      // From the field (-1) through the suggestions and round again.
      const next = index + (event.key === "ArrowDown" ? 1 : -1);
      setIndex(next >= offered.length ? -1 : next < -1 ? offered.length - 1 : next);
    } else if (event.key === "Escape" && offered.length) {
      event.preventDefault();
      setOpen(false);
    } else if (event.key === "Enter") {
      event.preventDefault(); // never submits a form around the editor
      add(index >= 0 && offered[index] ? offered[index].name : text);
    }
  };
  const active = index >= 0 && offered[index] ? `${listId}-${index}` : undefined;
  return (
    <div class="label-editor" aria-busy={busy ? "true" : "false"}>
      <ul class="label-chips" aria-label={t("labels.title")}>
        {labels.length ? labels.map((name) => (
          <li class="label-chip" key={name}>
            <span class="label-name">{name}</span>
            <button type="button" class="label-remove" disabled={busy}
              aria-label={t("labels.remove_named", { name })} title={t("labels.remove_named", { name })}
              onClick={() => replace(labels.filter((other) => other !== name), false)}>×</button>
          </li>
        )) : <li class="label-none">{t("labels.none")}</li>}
      </ul>
      <div class="label-field">
        <input type="text" class="label-input" value={text} maxlength="200" autocomplete="off"
          role="combobox" aria-autocomplete="list" aria-controls={listId}
          aria-expanded={offered.length ? "true" : "false"} aria-activedescendant={active}
          aria-label={t("labels.add")} placeholder={t("labels.add_placeholder")}
          aria-invalid={error ? "true" : "false"}
          onInput={(event) => { setText(event.currentTarget.value); setIndex(-1); setOpen(true); }}
          onKeyDown={onKeyDown} onBlur={() => setOpen(false)} />
        <ul class="label-suggestions" role="listbox" id={listId} aria-label={t("labels.title")}
          hidden={!offered.length}>
          {offered.map((choice, at) => (
            <li role="option" id={`${listId}-${at}`} aria-selected={at === index ? "true" : "false"}
              class={at === index ? "is-selected" : undefined}
              onMouseDown={(event) => { event.preventDefault(); add(choice.name); }}>
              <span class="label-name">{choice.name}</span>
              <span class="label-used">{t("labels.used", { tickets: choice.tickets, chats: choice.chats })}</span>
            </li>
          ))}
        </ul>
      </div>
      <p class="field-error" role="alert" hidden={!error}>{error}</p>
    </div>
  );
}

/** The open ticket's labels, under its facts; the list's rows show the change too. */
export function TicketLabels({ ticket }) {
  const save = async (names) => {
    const saved = await saveTicketLabels(ticket, names);
    const shown = detail.peek();
    // The advisor may have opened another ticket meanwhile: that one stays.
    if (shown && shown.ticket.id === saved.id) detail.value = { ...shown, ticket: saved };
    reloadSoon();
  };
  return (
    <section class="labels-box">
      <h3>{t("labels.title")}</h3>
      {/* Keyed: another ticket starts with an empty field and no old error. */}
      <LabelEditor key={ticket.id} site={ticket.site} labels={ticket.labels || []} save={save} />
    </section>
  );
}

/** A chat's labels, in the side of its pane; open and closed chats alike. */
export function ChatLabels({ conv }) {
  const save = async (names) => conv.update(await saveChatLabels(conv.chat, names));
  return (
    <section class="labels-box">
      <h3>{t("labels.title")}</h3>
      <LabelEditor site={conv.chat.site} labels={conv.chat.labels || []} save={save} />
    </section>
  );
}
