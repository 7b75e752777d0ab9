/** The live `HostReader`: runs the read-only commands of a capture and reads /proc/sys. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { COMMANDS, type CommandSource, type HostReader, type Reading, type Source } from "@nfx/capture";

/** `prefix`: run every command inside something, e.g. `["ip", "netns", "exec", NS]`. */
export function liveReader(prefix: readonly string[] = []): HostReader {
  return {
    read(source: Source): Reading {
      if (source.startsWith("sysctl:")) {
        const path = source.slice("sysctl:".length);
        if (path.split("/").includes("..")) return { ok: false, why: "not a sysctl path" };
        if (prefix.length) {
          const r = runCommand([...prefix, "cat", `/proc/sys/${path}`]);
          return r.ok || !/No such file/.test(r.why) ? r : { ...r, absent: true };
        }
        try {
          return { ok: true, text: readFileSync(`/proc/sys/${path}`, "utf8") };
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === "ENOENT") return { ok: false, why: "no such setting (module not loaded?)", absent: true };
          return { ok: false, why: String(code ?? e) };
        }
      }
      return runCommand([...prefix, ...COMMANDS[source as CommandSource]]);
    },
  };
}

function runCommand(argv: readonly string[]): Reading {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd!, args, { encoding: "utf8", timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { ok: false, why: `${cmd} is not installed`, absent: true };
    return { ok: false, why: r.error.message };
  }
  if (r.status !== 0) {
    const message = (r.stderr || r.stdout || "").trim().split("\n").filter(Boolean).pop();
    return { ok: false, why: message ?? `exit status ${r.status}` };
  }
  return { ok: true, text: r.stdout };
}
