// Who else is writing here: "Marta is replying…" while another advisor types a reply or a note
// to the ticket or chat this console shows. Mounted next to the reply box; it joins the
// conversation's room on /advisor, repeats our own typing (every 2 s while it goes on) and
// drops a name 6 s after its last event.
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "./i18n.js";
import { socket } from "./socket.js";

const EXPIRE_MS = 6000;
const REPEAT_MS = 2000;

function alive(others, now) {
  const kept = {};
  for (const [key, other] of Object.entries(others)) if (other.until > now) kept[key] = other;
  return kept;
}

/** The notice for the ticket or chat `id` (`kind` "ticket" or "chat"). */
export function CollisionNotice({ kind, id }) {
  const [others, setOthers] = useState({});
  const ref = useRef(null);
  useEffect(() => {
    if (!id) return undefined;
    setOthers({});
    const view = () => socket.emit("conversation:view", { kind, id });
    view();
    socket.on("connect", view); // rooms belong to a connection: join again after a reconnect
    const onReplying = (data) => {
      if (!data || data.kind !== kind || data.id !== id || !data.advisor) return;
      setOthers((current) => {
        const next = { ...current };
        if (data.typing) {
          next[data.advisor.id] = { name: data.advisor.name, note: Boolean(data.note), until: Date.now() + EXPIRE_MS };
        } else {
          delete next[data.advisor.id];
        }
        return next;
      });
    };
    socket.on("conversation:replying", onReplying);
    // The reply box is another component's: its typing reaches us as bubbling input events.
    const scope = ref.current && ref.current.parentElement;
    let sentAt = 0;
    const onInput = (event) => {
      const field = event.target;
      if (!field || field.tagName !== "TEXTAREA" || Date.now() - sentAt < REPEAT_MS) return;
      sentAt = Date.now();
      const toggle = field.form && field.form.elements.namedItem("internal");
      socket.emit("conversation:replying", { kind, id, note: Boolean(toggle && toggle.checked), typing: true });
    };
    if (scope) scope.addEventListener("input", onInput);
    const timer = setInterval(() => setOthers((current) => {
      const kept = alive(current, Date.now());
      return Object.keys(kept).length === Object.keys(current).length ? current : kept;
    }), 1000);
    return () => {
      clearInterval(timer);
      socket.off("connect", view);
      socket.off("conversation:replying", onReplying);
      if (scope) scope.removeEventListener("input", onInput);
      socket.emit("conversation:leave", { kind, id });
    };
  }, [kind, id]);
  const shown = Object.values(others);
  return (
    <p class="collision-notice" ref={ref} role="status" aria-live="polite" hidden={!shown.length}>
      {shown.map((other) => t(other.note ? "collision.noting" : "collision.replying", { name: other.name })).join(" ")}
    </p>
  );
}
