/** `nft -a monitor trace` in the scenario host's namespace for the whole recording. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { parseTraceLine, type TraceLine } from "@nfx/kernel-trace";
import { RecorderError } from "./exec";

export class TraceMonitor {
  readonly proc: ChildProcessWithoutNullStreams;
  /** Every trace line so far, in arrival order. */
  readonly lines: TraceLine[] = [];
  private waiters: Array<() => void> = [];
  private stderr = "";

  constructor(ns: string, onRaw?: (line: string) => void) {
    // stdbuf: nft writes through stdio, which a pipe would otherwise buffer by 4 KiB.
    this.proc = spawn("ip", ["netns", "exec", ns, "stdbuf", "-oL", "nft", "-a", "monitor", "trace"], { stdio: "pipe" });
    this.proc.stderr.setEncoding("utf8");
    this.proc.stderr.on("data", (d: string) => {
      this.stderr = (this.stderr + d).slice(-4000);
    });
    createInterface({ input: this.proc.stdout }).on("line", (raw) => {
      onRaw?.(raw);
      const line = parseTraceLine(raw);
      if (!line) return;
      this.lines.push(line);
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    });
    this.proc.on("exit", () => {
      for (const w of this.waiters) w();
    });
  }

  /** Resolve with the index of the first line at or after `from` that satisfies `pred`. */
  async waitFor(pred: (l: TraceLine) => boolean, from: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let i = from;
    for (;;) {
      for (; i < this.lines.length; i++) if (pred(this.lines[i]!)) return i;
      if (this.proc.exitCode !== null) throw new RecorderError(`nft monitor trace exited: ${this.stderr.trim()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new RecorderError(`nft monitor trace: no expected line within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  stop(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill("SIGTERM");
  }
}
