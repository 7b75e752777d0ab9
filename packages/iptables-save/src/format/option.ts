import type { Negatable } from "@nfx/model";

/** ` ! --opt value` or ` --opt value`, as iptables-save prints a module's option; nothing when absent. */
export function opt<T>(name: string, n: Negatable<T> | undefined, show: (v: T) => string): string {
  if (!n) return "";
  return `${n.invert ? " !" : ""} ${name} ${show(n.value)}`;
}
