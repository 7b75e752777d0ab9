import { formatSize, readBounded, sizeArgument } from "./input-size";
import { printable } from "./printable";

/**
 * Everything a command reads and prints goes through here, so no user text reaches the terminal raw and no
 * input is read past the size limit.
 */
export interface Io {
  /** One line for a person on stdout; control characters in it are escaped, the newline is added. */
  readonly out: (line: string) => void;
  /** One line for a person on stderr, escaped like `out`. */
  readonly err: (line: string) => void;
  /** Text in a machine format (JSON, iptables-save) on stdout: exact when piped, escaped on a terminal. */
  readonly data: (text: string) => void;
  /** A file, or standard input for `-`, as text; a UserError if it is missing or over the size limit. */
  readonly read: (path: string) => string;
}

/** A failure the CLI reports in plain words and exits with, never as a stack trace. */
export class UserError extends Error {
  readonly lines: readonly string[];
  constructor(
    lines: string | readonly string[],
    readonly exitCode = 1,
  ) {
    const all = typeof lines === "string" ? [lines] : lines;
    super(all.join("\n"));
    this.lines = all;
  }
}

export interface Streams {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
}

/** The Io of a run, reading at most `maxInput` bytes per input. */
export function createIo(streams: Streams, maxInput: number): Io {
  const escapedLines = (text: string) => text.split("\n").map(printable).join("\n");
  return {
    out: (line) => void streams.stdout.write(`${printable(line)}\n`),
    err: (line) => void streams.stderr.write(`${printable(line)}\n`),
    data: (text) => void streams.stdout.write(streams.stdout.isTTY ? escapedLines(text) : text),
    read: (path) => {
      const name = path === "-" ? "standard input" : path;
      const r = readBounded(path, maxInput);
      if (typeof r === "string") return r;
      switch (r.kind) {
        case "too-large": {
          // A file's size is known: suggest a limit that admits it. A pipe stopped at the limit: suggest double.
          const size = sizeArgument(r.whole ? r.size : maxInput * 2);
          const what = r.whole
            ? `is ${formatSize(r.size)}, more than the ${formatSize(maxInput)} limit for an input; it was not read`
            : `is over the ${formatSize(maxInput)} limit for an input; reading stopped there`;
          throw new UserError(
            `${name} ${what}. To read it, raise the limit: --max-input-size ${size} (or NFX_MAX_INPUT=${size})`,
            2,
          );
        }
        case "missing":
          throw new UserError(`${name}: no such file`, 2);
        case "directory":
          throw new UserError(`${name}: is a directory`, 2);
        case "unreadable":
          throw new UserError(`${name}: cannot be read: ${r.reason}`, 2);
      }
    },
  };
}
