// The only channel to the host page: postMessage to and from its exact origin, nothing else.
import { boot } from "./boot.js";

const hostOrigin = boot.hostOrigin;
const TAG = "helpwidget";
const handlers = new Map();

/** Tell the host page something ({type, data}); it arrives only at the origin the server approved. */
export function post(type, data) {
  if (window.parent !== window && hostOrigin) {
    window.parent.postMessage({ source: TAG, type, data }, hostOrigin);
  }
}

/** Handle a command of `type` from the host page. */
export function onHost(type, handler) {
  handlers.set(type, handler);
}

window.addEventListener("message", (event) => {
  // Another origin, another window or another shape: ignored.
  if (event.origin !== hostOrigin || event.source !== window.parent) return;
  const message = event.data;
  if (!message || message.source !== TAG || typeof message.type !== "string") return;
  const handler = handlers.get(message.type);
  if (handler) handler(message.data);
});
