// What the chat keeps in this browser: the text typed before a chat started, whether new
// messages sound, and the sound itself.
import { signal } from "@preact/signals";
import { siteKey } from "../state.js";

export const SOUND_KEY = `helpwidget:${siteKey}:chat_sound`;
const DRAFT_KEY = `helpwidget:${siteKey}:chat-draft`;
let interacted = false;
let audio = null;

/** Keep `value` under `key` for this tab ("" forgets it); storage may be refused to the frame. */
export function remember(key, value) {
  try {
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch {
    /* storage blocked */
  }
}

function readDraft() {
  try {
    return sessionStorage.getItem(DRAFT_KEY) || "";
  } catch {
    return "";
  }
}

function readSound() {
  try {
    return localStorage.getItem(SOUND_KEY) !== "off";
  } catch {
    return true;
  }
}

/** Whether advisors' messages make a sound. */
export const sound = signal(readSound());
/** What the visitor typed before a chat started (kept across views and reloads), for the request. */
export const unsent = signal(readDraft());

/** Keep what the visitor typed before the chat started ("" forgets it). */
export function keepUnsent(text) {
  unsent.value = text;
  remember(DRAFT_KEY, text);
}

/** Sound a short tone for a new message (browsers allow it once the visitor has interacted). */
export function beep() {
  if (!interacted || !sound.value) return;
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    const now = audio.currentTime;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.2, now + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.3);
    tone.connect(gain).connect(audio.destination);
    tone.start(now);
    tone.stop(now + 0.32);
  } catch {
    /* no audio: the badge and the message are enough */
  }
}

for (const name of ["pointerdown", "keydown"]) {
  document.addEventListener(name, () => { interacted = true; }, { capture: true, once: true });
}
