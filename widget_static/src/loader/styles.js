// The launcher's and panel frame's styles, inside the shadow root so host CSS cannot reach them.
// Each corner (top-left ... bottom-right): the launcher 20px from its edges, the panel above
// or below it. Written out in full: smaller, compressed, than the code that would build them.

/** What the page draws before any intent: the launcher and its unread badge. */
export const LAUNCHER_CSS =
  ":host{all:initial}" +
  ".l{position:fixed;z-index:2147483000;box-sizing:border-box;width:56px;height:56px;margin:0;padding:0;" +
  "border:2px solid #fff;border-radius:50%;background:#1d4ed8;color:#fff;font:700 28px/1 system-ui,sans-serif;" +
  "cursor:pointer;box-shadow:0 4px 14px #0000005a}" +
  ".l:focus-visible{outline:3px solid #111;outline-offset:2px;box-shadow:0 0 0 5px #fff}" +
  "#helpwidget-badge{position:absolute;top:-6px;right:-6px;box-sizing:border-box;min-width:22px;height:22px;" +
  "padding:0 6px;border-radius:11px;background:#b91c1c;color:#fff;font:700 12px/22px system-ui,sans-serif}" +
  "[hidden]{display:none!important}" +
  ".top-left .l{left:20px;top:20px}.top-right .l{right:20px;top:20px}" +
  ".bottom-left .l{left:20px;bottom:20px}.bottom-right .l{right:20px;bottom:20px}" +
  "@media (prefers-reduced-motion:no-preference){.l{transition:transform .15s}.l:hover{transform:scale(1.06)}}";

/** The panel's frame, added by the frame script (frame.js). */
export const FRAME_CSS =
  ".p{position:fixed;z-index:2147483001;box-sizing:border-box;width:min(400px,calc(100vw - 32px));" +
  "height:min(640px,calc(100vh - 112px));height:min(640px,calc(100dvh - 112px));margin:0;padding:0;border:0;" +
  "border-radius:12px;background:#fff;box-shadow:0 8px 32px #0000005a}" +
  ".top-left .p{left:16px;top:88px}.top-right .p{right:16px;top:88px}" +
  ".bottom-left .p{left:16px;bottom:88px}.bottom-right .p{right:16px;bottom:88px}" +
  // Phones: the whole screen; dvh follows the on-screen keyboard and browser bars.
  "@media (max-width:640px){.p{inset:0!important;width:100vw;height:100vh;height:100dvh;border-radius:0}}";
