// Whether a view's tab panel is shown. Settings and the audit trail draw their forms only then,
// so their many fields never stand hidden beside the shown view's (one label, one control).
import { useEffect, useState } from "preact/hooks";

const isShown = (panel) => !panel || !panel.hidden;

/** Return whether the panel of the view `name` is shown, following its changes. */
export function useShown(name) {
  const [shown, setShown] = useState(() => isShown(document.getElementById(`view-${name}`)));
  useEffect(() => {
    const panel = document.getElementById(`view-${name}`);
    if (!panel) return undefined;
    const observer = new MutationObserver(() => setShown(isShown(panel)));
    observer.observe(panel, { attributes: true, attributeFilter: ["hidden"] });
    setShown(isShown(panel));
    return () => observer.disconnect();
  }, [name]);
  return shown;
}
