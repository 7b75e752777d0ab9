/** Names iptables reserves for targets: a chain cannot take them. */
const RESERVED = new Set(["ACCEPT", "DROP", "QUEUE", "RETURN"]);

/**
 * Why `name` cannot be a user chain's name, in iptables' words, or null when it can. The kernel keeps 29
 * bytes with the terminating NUL (`XT_EXTENSION_MAXNAMELEN`).
 */
export function chainNameProblem(name: string): string | null {
  if (name === "") return "Chain name is empty";
  if (name.length > 28) return `chain name \`${name}' too long (must be under 29 chars)`;
  if (name.startsWith("-") || name.startsWith("!") || /\s/.test(name) || RESERVED.has(name))
    return `Invalid chain name \`${name}'`;
  return null;
}
