// Which view the panel shows, as a stack so "back" returns to where the user was.
import { signal } from "@preact/signals";

/** The view stack: [{name, params}], the last one shown. */
export const stack = signal([{ name: "home", params: {} }]);

/** Show view `name` with `params` on top of the current one. */
export function navigate(name, params = {}) {
  stack.value = [...stack.value, { name, params }];
}

/** Replace the whole stack with one view (menu shortcuts and host API commands). */
export function show(name, params = {}) {
  stack.value = name === "home" ? [{ name, params }] : [{ name: "home", params: {} }, { name, params }];
}

/** Go back one view (no-op on the home menu). */
export function back() {
  if (stack.value.length > 1) stack.value = stack.value.slice(0, -1);
}
