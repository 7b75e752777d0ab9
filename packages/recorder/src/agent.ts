/** Client of py/agent.py: one long-lived python process per namespace, JSON lines with request ids. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { RecorderError } from "./exec";

/**
 * py/agent.py beside src/ when run from source; the `nfx` bundle lives in packages/cli/dist, so look for the
 * recorder's folder from there too.
 */
const AGENT_PATH =
  [new URL("../py/agent.py", import.meta.url), new URL("../../recorder/py/agent.py", import.meta.url)]
    .map((u) => fileURLToPath(u))
    .find((p) => existsSync(p)) ?? fileURLToPath(new URL("../py/agent.py", import.meta.url));
export const PYTHON = "/usr/bin/python3";

type Answer = { id: number; ok: boolean; error?: string } & Record<string, unknown>;

export class Agent {
  readonly proc: ChildProcessWithoutNullStreams;
  private nextId = 1;
  private pending = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  private stderr = "";
  private exited: Error | null = null;
  readonly ready: Promise<void>;

  constructor(
    readonly label: string,
    ns: string,
    args: readonly string[],
  ) {
    this.proc = spawn("ip", ["netns", "exec", ns, PYTHON, "-u", AGENT_PATH, ...args], { stdio: "pipe" });
    this.proc.stderr.setEncoding("utf8");
    this.proc.stderr.on("data", (d: string) => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    let markReady: () => void = () => {};
    let failReady: (e: Error) => void = () => {};
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    // A rejection nobody awaits yet must not crash the process; callers see it through `ready` or `call`.
    this.ready.catch(() => {});
    const lines = createInterface({ input: this.proc.stdout });
    lines.on("line", (line) => {
      let msg: Answer & { ready?: boolean };
      try {
        msg = JSON.parse(line);
      } catch {
        return;
      }
      if (msg.ready) return markReady();
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg);
      else p.reject(new RecorderError(`${this.label}: ${msg.error}`));
    });
    this.proc.on("exit", (code, signal) => {
      this.exited = new RecorderError(
        `${this.label} agent exited (${signal ?? code})${this.stderr ? `: ${this.stderr.trim()}` : ""}`,
      );
      failReady(this.exited);
      for (const p of this.pending.values()) p.reject(this.exited);
      this.pending.clear();
    });
  }

  /** Send a command and wait for its answer. */
  call(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<Answer> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RecorderError(`${this.label}: no answer to ${cmd} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (a) => {
          clearTimeout(timer);
          resolve(a);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.proc.stdin.write(`${JSON.stringify({ id, cmd, ...args })}\n`);
    });
  }

  stop(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.stdin.end();
      this.proc.kill("SIGTERM");
    }
  }
}
