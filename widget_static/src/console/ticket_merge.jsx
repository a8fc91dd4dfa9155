// "Merge into…" on an open ticket: the same requester's other open requests, one chosen and
// confirmed; the thread moves there and the console opens it.
import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { t } from "./i18n.js";
import { open, reloadSoon } from "./tickets_state.js";
import { fail, toast } from "./toasts.jsx";
import { messageLines } from "./ui.jsx";
import "./ticket_actions.css";

function Choices({ choices, pick, onPick }) {
  if (!choices.length) return <p class="empty">{t("merge.none")}</p>;
  return [
    <p class="hint">{t("merge.hint")}</p>,
    <ul class="merge-choices">
      {choices.map((choice) => (
        <li>
          <label class="check">
            <input type="radio" name="merge_into" value={String(choice.id)}
              checked={pick === choice.id} onChange={() => onPick(choice.id)} />
            <span class="number">{`#${choice.number}`}</span>{" "}
            <span class="subject">{choice.subject}</span>{" "}
            <span class={`badge status-${choice.status}`}>{t(`status.${choice.status}`)}</span>
          </label>
        </li>
      ))}
    </ul>,
  ];
}

export function TicketMerge({ ticket }) {
  // null: only the button; "loading"; else the list of open requests it may go into.
  const [choices, setChoices] = useState(null);
  const [pick, setPick] = useState(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setChoices(null);
    setPick(null);
    setError("");
  }, [ticket.id]);
  if (ticket.status === "closed") return null;

  const show = async () => {
    setChoices("loading");
    try {
      const data = await api("GET", `/advisor/tickets/${ticket.id}/merge-candidates`);
      setChoices(data.tickets || []);
    } catch (failure) {
      setChoices(null);
      fail(failure);
    }
  };
  const merge = async (event) => {
    event.preventDefault();
    const target = Array.isArray(choices) && choices.find((choice) => choice.id === pick);
    if (!target) {
      setError(t("merge.choose"));
      return;
    }
    if (!window.confirm(t("merge.confirm", { source: ticket.number, target: target.number }))) return;
    setBusy(true);
    setError("");
    try {
      const merged = await api("POST", `/advisor/tickets/${ticket.id}/merge`, { into: target.id });
      toast(t("merge.done", { number: merged.number }), "");
      reloadSoon();
      await open(merged.id);
    } catch (failure) {
      setError([...new Set([failure.message, ...messageLines(failure.fields)])].join(" "));
    } finally {
      setBusy(false);
    }
  };

  if (choices === null) {
    return (
      <div class="merge">
        <button type="button" class="secondary" onClick={show}>{t("merge.open")}</button>
      </div>
    );
  }
  const loaded = Array.isArray(choices);
  return (
    <form class="merge merge-form" noValidate onSubmit={merge}>
      <fieldset disabled={busy}>
        <legend>{t("merge.title", { number: ticket.number })}</legend>
        {loaded ? <Choices choices={choices} pick={pick} onPick={setPick} /> : <p>{t("merge.loading")}</p>}
        <p class="form-error" role="alert">{error}</p>
        <div class="row">
          <button type="submit" hidden={!loaded || !choices.length}>{t("merge.submit")}</button>
          <button type="button" class="secondary" onClick={() => setChoices(null)}>{t("merge.cancel")}</button>
        </div>
      </fieldset>
    </form>
  );
}
