// Deflection: articles suggested while a request or a chat's first message is written, the
// article opened from them with "this solved it" or "continue", and the screen that ends it.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { back, navigate, show, stack } from "../router.js";
import { ensureSession } from "../session.js";
import { Screen } from "../ui.jsx";
import { recordClick, recordSolved } from "./search_events.js";

const DEBOUNCE_MS = 400;
const MIN_LETTERS = 3;
const MAX_SHOWN = 3;
const NONE = { results: [], searchId: null };

/** How each form forgets its draft once an article solved the problem, by source. */
const forgetters = {};

/** Let the form of `source` ("request" or "chat") be cleared when a suggestion solves it. */
export function onSolved(source, forget) {
  forgetters[source] = forget;
}

function letters(text) {
  return (text.match(/\p{L}/gu) || []).length;
}

/** Up to three articles for `text` as it is typed (`source`: "request" or "chat"). */
export function useSuggestions(text, source) {
  const [found, setFound] = useState(NONE);
  const latest = useRef(0);
  const q = (text || "").trim().slice(0, 200);
  useEffect(() => {
    const ask = ++latest.current;
    if (letters(q) < MIN_LETTERS) {
      setFound(NONE);
      return undefined;
    }
    const timer = setTimeout(async () => {
      try {
        // The session gives the reader's account type: the search keeps to what they may read.
        await ensureSession().catch(() => null);
        const data = await api("GET", "/search", { query: { q, per_page: MAX_SHOWN, source } });
        if (ask !== latest.current) return;
        const results = (data.results || []).filter((hit) => hit.kind !== "community");
        setFound({ results: results.slice(0, MAX_SHOWN), searchId: data.search_id ?? null });
      } catch {
        // Suggestions help, they never stand in the way: a failed search shows none.
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, source]);
  return found;
}

/**
 * The suggested articles under a field. `keep()` saves what the form holds before the article
 * replaces it: coming back, the form starts from the kept draft, not from how it was opened.
 */
export function Suggestions({ found, source, keep }) {
  if (!found.results.length) return null;
  function open(hit, rank) {
    keep?.();
    recordClick(found.searchId, hit.id, rank);
    const entries = stack.value;
    const top = entries[entries.length - 1];
    stack.value = [...entries.slice(0, -1), { name: top.name, params: {} }];
    navigate("article", { slug: hit.slug, deflect: { source, searchId: found.searchId } });
  }
  return (
    <div class="hw-suggest">
      <p class="hw-suggest-title" aria-live="polite">{t("deflect_heading")}</p>
      <ul class="hw-suggest-list">
        {found.results.map((hit, index) => (
          <li key={hit.id}>
            <button type="button" class="hw-suggest-link" onClick={() => open(hit, index + 1)}>
              {hit.title}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Under a suggested article: it solved the problem (the flow ends) or back to the draft. */
export function DeflectChoice({ deflect, article }) {
  const [busy, setBusy] = useState(false);
  async function solved() {
    setBusy(true);
    await recordSolved(deflect.searchId, article.id);
    forgetters[deflect.source]?.();
    // The form is gone from the stack: "back" from here leads to the menu, not an empty draft.
    stack.value = [{ name: "home", params: {} }, { name: "article", params: { solved: true } }];
  }
  return (
    <div class="hw-deflect" role="group" aria-labelledby="hw-deflect-question">
      <p id="hw-deflect-question">{t("deflect_solved_question")}</p>
      <div class="hw-actions">
        <button type="button" class="hw-button" disabled={busy} onClick={solved}>
          {t("deflect_solved")}
        </button>
        <button type="button" class="hw-button hw-secondary" disabled={busy} onClick={back}>
          {t(deflect.source === "chat" ? "deflect_back_chat" : "deflect_back_request")}
        </button>
      </div>
    </div>
  );
}

/** The problem is solved: said, and the way back to the help menu. */
export function Solved() {
  return (
    <Screen title={t("deflect_glad_title")}>
      <div class="hw-deflect-done" role="status">
        <p>{t("deflect_glad")}</p>
        <button type="button" class="hw-button" onClick={() => show("home")}>{t("deflect_done")}</button>
      </div>
    </Screen>
  );
}
