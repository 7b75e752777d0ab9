/**
 * Small restore files with many jumps, generated from a case number: random loops, long forward paths (the
 * 16-deep limit) and nat targets used through user chains. kernel-refusals.json holds what iptables-restore
 * said of each on the live kernel; the test compares the parser's first error with it.
 */

/** A deterministic generator (an LCG), so a case number always gives the same file. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state >>> 12) % n; // the high bits: an LCG's low bits repeat with a short period
  };
}

const NAT_TARGETS = ["DNAT --to-destination 10.0.0.2", "MASQUERADE", "SNAT --to-source 10.0.0.3", "REDIRECT"];

export function refusalCase(k: number): string {
  const rnd = random(1000 + k);
  const mode = k % 3; // 0: random jumps, 1: mostly forward (deep paths), 2: nat, forward jumps and limited targets
  const nat = mode === 2 || rnd(4) === 0;
  const table = nat ? "nat" : "filter";
  const bases = nat ? ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"] : ["INPUT", "FORWARD", "OUTPUT"];
  const n = 3 + rnd(mode === 1 ? 24 : 12);
  const users = Array.from({ length: n }, (_, i) => `U${i}`);
  const rules: string[] = [];
  const count = n + rnd(2 * n);
  for (let r = 0; r < count; r++) {
    const fromBase = rnd(5) === 0;
    const at = rnd(n);
    const from = fromBase ? bases[rnd(bases.length)]! : users[at]!;
    let to = rnd(n);
    if (mode === 1 && !fromBase && at < n - 1) to = Math.min(n - 1, at + 1 + rnd(2));
    // nat: jumps only forward (no loops), so the refusals are mostly targets reached from the wrong hook.
    if (mode === 2 && !fromBase) to = at + 1 + rnd(n - at);
    if (to >= n) rules.push(`-A ${from} -j ${NAT_TARGETS[rnd(NAT_TARGETS.length)]}`);
    else if (nat && rnd(mode === 2 ? 2 : 3) === 0) rules.push(`-A ${from} -j ${NAT_TARGETS[rnd(NAT_TARGETS.length)]}`);
    else rules.push(`-A ${from} ${rnd(4) === 0 ? "-g" : "-j"} ${users[to]}`);
  }
  const heads = [...bases.map((b) => `:${b} ACCEPT [0:0]`), ...users.map((u) => `:${u} - [0:0]`)];
  return [`*${table}`, ...heads, ...rules, "COMMIT", ""].join("\n");
}

/** How many cases kernel-refusals.json holds. */
export const REFUSAL_CASES = 240;
