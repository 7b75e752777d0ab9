/** Real output captured from the kernel (6.18, nftables 1.0.6, conntrack-tools 1.4.7) while recording samples. */
import { readFileSync } from "node:fs";
import { parseTraceLine, type TraceLine } from "@nfx/kernel-trace";

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
}

export function traceFixture(name: string): TraceLine[] {
  return fixture(name)
    .split("\n")
    .map(parseTraceLine)
    .filter((l): l is TraceLine => l !== null);
}
