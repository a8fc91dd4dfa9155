// What the Chats view's modules share: one revision signal that re-renders the view after any
// change, and small helpers for names, times, sizes and topics.
import { signal } from "@preact/signals";
import { api } from "./api.js";
import { locale, t } from "./i18n.js";

/** Bumped after any change to the queue or a conversation: the view renders again. */
export const rev = signal(0);
export const changed = () => { rev.value += 1; };

/** Text folded for matching: no accents, lower case. */
export const fold = (text) => String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

export const visitorName = (chat) => (chat.visitor && chat.visitor.name) || t("chats.anonymous");

export const errorText = (error) => (error && error.message) || t("chats.failed");

/** A message's time: the clock today, the day and the clock before. */
export function clock(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  const options = sameDay ? { hour: "2-digit", minute: "2-digit" }
    : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(locale || undefined, options).format(date);
}

/** How long since `iso`, as m:ss or h:mm:ss. */
export function waited(iso) {
  const seconds = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor(seconds / 60) % 60;
  const rest = String(seconds % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

export function bytes(size) {
  if (!size && size !== 0) return "";
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

// Each site's chat topics as it labels them ({key: label or {locale: label}}), fetched once.
const topicLabels = new Map();

/** Resolve to the site's topic labels by key. */
export function siteTopics(siteKey) {
  if (!topicLabels.has(siteKey)) {
    topicLabels.set(siteKey, api("GET", `/chat/availability?site=${encodeURIComponent(siteKey)}`).then((data) => {
      const labels = {};
      for (const topic of (data && data.topics) || []) if (topic && topic.key) labels[topic.key] = topic.label;
      return labels;
    }, () => {
      topicLabels.delete(siteKey); // asked again next time
      return {};
    }));
  }
  return topicLabels.get(siteKey);
}

/** The label in the advisor's language, else English, else any the site gave, else the key. */
export function labelIn(label, key) {
  if (!label) return key;
  if (typeof label === "string") return label;
  const lang = String(locale || "en").split("-")[0];
  return label[lang] || label.en || Object.values(label).filter(Boolean)[0] || key;
}
