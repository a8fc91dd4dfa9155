// The live preview of Markdown being typed (articles, saved replies), rendered by the server.
import { useRef, useState } from "preact/hooks";
import { api } from "./api.js";
import { debounce } from "./ui.jsx";

/** Return [html, preview]: call preview(text) as the text changes; html follows, debounced. */
export function useMarkdownPreview(initialHtml = "") {
  const [html, setHtml] = useState(initialHtml);
  const latest = useRef("");
  const soon = useRef(debounce(async () => {
    const text = latest.current;
    try {
      const data = await api("POST", "/advisor/markdown-preview", { body: text });
      // The server sanitized this HTML (services.markdown.render); typed text never goes here.
      if (latest.current === text) setHtml(data.html);
    } catch {
      /* the preview waits for the next keystroke */
    }
  }, 300));
  const preview = (text) => {
    latest.current = text;
    soon.current();
  };
  return [html, preview];
}
