/**
 * Interface names -> placeholders (`if0`, `if1`...), keeping iptables' wildcards true: `-i cali+` matches
 * exactly the interfaces whose images start with the image of `cali`. A wildcard prefix becomes a group
 * (`ifg0_`), the names under it `ifg0_1`, a wildcard inside it `ifg0_g1_`; the `_` ends every group name, so no
 * group's image is a prefix of another's or of a plain name's.
 */
export class NameMap {
  private readonly names = new Map<string, string>();
  private readonly groups: { prefix: string; image: string }[] = [];
  private count = 0;

  /** `names`: every interface name seen; `wildcards`: the prefixes written with `+` (without it). */
  constructor(names: Iterable<string>, wildcards: Iterable<string>) {
    const prefixes = [...new Set(wildcards)].filter((p) => p !== "").sort((a, b) => a.length - b.length);
    let g = 0;
    for (const prefix of prefixes) {
      const parent = this.groupOf(prefix);
      this.groups.push({ prefix, image: `${parent ? parent.image : "if"}g${g++}_` });
    }
    // Longest prefix first, so a name goes to its innermost group.
    this.groups.sort((a, b) => b.prefix.length - a.prefix.length);
    for (const name of names) this.name(name);
  }

  /** The placeholder of a name (given a new one if never seen). */
  name(name: string): string {
    const had = this.names.get(name);
    if (had) return had;
    if (name === "lo") return name;
    const group = this.groupOf(name);
    const image = group && group.prefix === name ? group.image : `${group ? group.image : "if"}${this.count++}`;
    this.names.set(name, image);
    return image;
  }

  /** An interface argument of a rule: a name, or a prefix with `+`. */
  pattern(arg: string): string {
    if (!arg.endsWith("+")) return this.name(arg);
    const prefix = arg.slice(0, -1);
    if (prefix === "") return arg;
    return `${this.groups.find((g) => g.prefix === prefix)?.image ?? this.name(prefix)}+`;
  }

  /** Every name with its image, longest first (for replacing inside free text). */
  entries(): [string, string][] {
    return [...this.names].sort((a, b) => b[0].length - a[0].length);
  }

  private groupOf(name: string): { prefix: string; image: string } | undefined {
    let best: { prefix: string; image: string } | undefined;
    for (const g of this.groups)
      if (name.startsWith(g.prefix) && (!best || g.prefix.length > best.prefix.length)) best = g;
    return best;
  }
}
