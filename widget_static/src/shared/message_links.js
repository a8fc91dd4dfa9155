// The web addresses in a message's plain text, found the same way wherever a message shows:
// the widget's chat and requests, and the console's preview of a reply.

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING = /[.,;:!?'")\]]+$/;

/** Split `text` into strings and {url, text} for each http(s) address in it. */
export function linkParts(text) {
  const parts = [];
  let last = 0;
  for (const match of String(text || "").matchAll(URL_PATTERN)) {
    let raw = match[0];
    // "see https://x/y." or "(https://x/y)": the sentence's punctuation is not the address's.
    const tail = raw.match(TRAILING);
    if (tail && !(tail[0].startsWith(")") && raw.includes("("))) raw = raw.slice(0, -tail[0].length);
    let url;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ url, text: raw });
    last = match.index + raw.length;
  }
  if (last < String(text || "").length) parts.push(text.slice(last));
  return parts;
}
