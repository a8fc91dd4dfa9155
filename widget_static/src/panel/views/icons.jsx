// Small outline icons drawn inline (no emoji or icon font: both show as empty boxes without one).
const PATHS = {
  bulb: <><path d="M9 18h6M10 21h4" /><path d="M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z" /></>,
  wrench: <path d="M14.5 6.5a1 1 0 0 0 0 1.4l1.6 1.6a1 1 0 0 0 1.4 0l3.3-3.3a6 6 0 0 1-7.9 7.9l-6.4 6.4a2.1 2.1 0 0 1-3-3l6.4-6.4a6 6 0 0 1 7.9-7.9z" />,
  question: <><circle cx="12" cy="12" r="9" /><path d="M9.2 9a3 3 0 0 1 5.7 1c0 2-2.9 2.5-2.9 4M12 17.5h.01" /></>,
  alert: <><path d="M12 3 2 20h20z" /><path d="M12 10v4M12 17h.01" /></>,
  partner: <><circle cx="9" cy="8" r="3.5" /><path d="M3 20a6 6 0 0 1 12 0M16 11l2 2 4-4" /></>,
  check: <path d="m5 12.5 4.5 4.5L19 7.5" />,
  cross: <path d="M6 6l12 12M18 6 6 18" />,
  bang: <path d="M12 5v9M12 18.5h.01" />,
  ticket: <><rect x="4" y="5" width="16" height="14" rx="2" /><path d="M8 10h8M8 14h5" /></>,
};

// The emoji sites (and the default cards) name icons with, and the drawing each one stands for.
const EMOJI = { "💡": "bulb", "🔧": "wrench", "🛠": "wrench", "❓": "question", "❔": "question",
  "🚨": "alert", "⚠": "alert", "🤝": "partner", "👥": "partner" };

/** The name of the drawing for a category's `icon` (an emoji or a name); a generic one otherwise. */
export function iconName(icon) {
  const value = String(icon || "").replace(/\uFE0F/g, "").trim();
  if (PATHS[value]) return value;
  return EMOJI[value] || "ticket";
}

/** A card's icon as inline SVG, drawn with the text colour. */
export function CardIcon({ icon, className = "hw-ticket-card-icon" }) {
  const name = iconName(icon);
  return (
    <span class={className} data-icon={name} aria-hidden="true">
      <svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="2"
        stroke-linecap="round" stroke-linejoin="round" focusable="false">{PATHS[name]}</svg>
    </span>
  );
}
