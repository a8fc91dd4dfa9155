// An article's revision history: every saved version, its line diff against the current text,
// and "Restore", which brings a version back as a new revision (history is never rewritten).
import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { base, openEditor } from "./articles_state.js";
import { formatTime, t } from "./i18n.js";
import { fail, toast } from "./toasts.jsx";

const SIGN = { same: " ", removed: "−", added: "+" };

function Diff({ ops }) {
  if (!ops || !ops.length) return null;
  return (
    <pre class="diff">
      {ops.map((op) => <div class={`diff-${op.op}`}>{`${SIGN[op.op]} ${op.text}`}</div>)}
    </pre>
  );
}

function Revision({ article, number }) {
  const [data, setData] = useState(null);
  useEffect(() => {
    let live = true;
    api("GET", `${base()}/${article.id}/revisions/${number}`)
      .then((found) => { if (live) setData(found); }).catch(fail);
    return () => { live = false; };
  }, [number]);
  if (!data) return null;
  const restore = async () => {
    if (!window.confirm(t("content.restore_confirm", { number }))) return;
    try {
      const saved = await api("POST", `${base()}/${article.id}/revisions/${number}/restore`);
      toast(t("content.restored", { number }), saved.title);
      openEditor(saved);
    } catch (failure) {
      fail(failure);
    }
  };
  const { diff } = data;
  return (
    <div class="revision-detail" aria-live="polite">
      <h4>{t("content.revision_diff", { number })}</h4>
      {diff.identical ? <p class="hint">{t("content.revision_same")}</p> : (
        <>
          <p class="hint">{t("content.diff_legend")}</p>
          {diff.title.some((op) => op.op !== "same") ? <Diff ops={diff.title} /> : null}
          {diff.summary.some((op) => op.op !== "same") ? <Diff ops={diff.summary} /> : null}
          <Diff ops={diff.body} />
        </>
      )}
      <button type="button" disabled={diff.identical} onClick={restore}>{t("content.restore")}</button>
    </div>
  );
}

export function ArticleHistory({ article }) {
  const [open, setOpen] = useState(false);
  const [list, setList] = useState(null);
  const [chosen, setChosen] = useState(null);
  useEffect(() => {
    if (!open) return;
    api("GET", `${base()}/${article.id}/revisions`).then((data) => setList(data.revisions)).catch(fail);
  }, [open]);
  return (
    <section class="article-history">
      <button type="button" class="secondary" aria-expanded={open ? "true" : "false"}
        onClick={() => setOpen(!open)}>{t("content.history")}</button>
      {open && list ? (
        <div class="history-body">
          {list.length ? (
            <ol class="revisions">
              {list.map((r) => (
                <li key={r.number}>
                  <button type="button" class="link" aria-pressed={chosen === r.number ? "true" : "false"}
                    onClick={() => setChosen(r.number)}>
                    {t("content.revision", { number: r.number })}
                  </button>{" "}
                  {r.title} · {formatTime(r.created_at)} · {r.author_email || t("content.author_unknown")}
                </li>
              ))}
            </ol>
          ) : <p class="empty">{t("content.no_revisions")}</p>}
          {chosen ? <Revision key={chosen} article={article} number={chosen} /> : null}
        </div>
      ) : null}
    </section>
  );
}
