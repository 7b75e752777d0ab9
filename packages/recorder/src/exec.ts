/** Running commands, inside a network namespace or not. Failures are thrown as RecorderError with the output. */
import { spawnSync } from "node:child_process";

export class RecorderError extends Error {
  override name = "RecorderError";
}

/** The kernel (iptables-restore or nft -f) refused the scenario's own ruleset: the user's to fix, not a bug. */
export class RulesetRefusedError extends RecorderError {
  override name = "RulesetRefusedError";
}

interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  input?: string;
  /** Return the result instead of throwing when the command fails. */
  allowFail?: boolean;
  timeoutMs?: number;
}

export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  const r = spawnSync(cmd, args, {
    input: opts.input,
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  if (r.error) {
    if (opts.allowFail) return { ...result, status: result.status ?? -1, stderr: result.stderr || r.error.message };
    throw new RecorderError(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  }
  if (r.status !== 0 && !opts.allowFail) {
    throw new RecorderError(`${cmd} ${args.join(" ")} failed (exit ${r.status}): ${result.stderr.trim()}`);
  }
  return result;
}

/** `ip netns exec NS cmd args...` */
export function runIn(ns: string, cmd: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  return run("ip", ["netns", "exec", ns, cmd, ...args], opts);
}
