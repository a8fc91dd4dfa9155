// The site's colour as CSS variables, with text colours chosen so contrast stays at WCAG AA.
import { post } from "./bridge.js";

function channels(hex) {
  const digits = hex.length === 4 ? hex.slice(1).replace(/./g, "$&$&") : hex.slice(1);
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
}

function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio of two luminances (1 to 21). */
function contrast(a, b) {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** Use `color` (#rgb or #rrggbb) as the brand colour; anything else keeps the default. */
export function applyBrand(color) {
  if (typeof color !== "string" || !/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color)) return;
  const style = document.documentElement.style;
  const rgb = channels(color);
  const light = luminance(rgb);
  style.setProperty("--hw-brand", color);
  // White or black text on the brand, whichever contrasts more (one always reaches 4.5:1).
  style.setProperty("--hw-on-brand", contrast(light, 1) >= contrast(light, 0) ? "#fff" : "#000");
  // As text on white the brand is darkened step by step until it reaches 4.5:1.
  let text = rgb;
  for (let factor = 1; contrast(luminance(text), 1) < 4.5 && factor > 0; factor -= 0.05) {
    text = rgb.map((c) => Math.round(c * factor));
  }
  style.setProperty("--hw-brand-text", `rgb(${text.join(", ")})`);
  // The host page's launcher takes the colour too (and keeps it for the next page load).
  post("brand", { color });
}
