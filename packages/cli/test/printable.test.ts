import { describe, expect, it } from "vitest";
import { createIo } from "../src/io";
import { jsonText, printable } from "../src/printable";
import { rawControls } from "./raw-control";

describe("printable", () => {
  it("writes every control character as an escape a person can read", () => {
    expect(printable("a\x1b]0;pwned\x07b")).toBe("a\\x1b]0;pwned\\x07b");
    expect(printable("line\nbreak\r\ttab")).toBe("line\\nbreak\\r\\ttab");
    expect(printable("c1 \u009b2J del \x7f nul \0")).toBe("c1 \\x9b2J del \\x7f nul \\x00");
    expect(printable("bidi \u202eevil\u2066 sep \u2028")).toBe("bidi \\u202eevil\\u2066 sep \\u2028");
  });

  it("leaves ordinary text alone, other scripts included", () => {
    const text = `filter:INPUT:rule:1:ACCEPT "a\\b" 中文 é ✓ ${"x".repeat(50)}`;
    expect(printable(text)).toBe(text);
  });
});

describe("jsonText", () => {
  it("writes C1, DEL and bidirectional controls as \\u escapes that read back as the same value", () => {
    const value = { description: "\u009b2J\x7f\u202e\x1b[31m\nnext" };
    const text = jsonText(value);
    expect(rawControls(text)).toEqual([]);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("the CLI's output", () => {
  const capture = (isTTY: boolean) => {
    const out: string[] = [];
    const err: string[] = [];
    const io = createIo(
      { stdout: { write: (s: string) => out.push(s), isTTY }, stderr: { write: (s: string) => err.push(s) } },
      1024,
    );
    return { io, out, err };
  };

  it("prints a line for a person escaped, on one line", () => {
    const { io, out, err } = capture(false);
    io.out("chain \x1b[2J");
    io.err("bad\nvalue");
    expect(out.join("")).toBe("chain \\x1b[2J\n");
    expect(err.join("")).toBe("bad\\nvalue\n");
  });

  it("writes machine text exactly into a pipe and escaped on a terminal, keeping its own lines", () => {
    const rules = '-A INPUT -m comment --comment "\x1b]0;x\x07" -j ACCEPT\nCOMMIT\n';
    const piped = capture(false);
    piped.io.data(rules);
    expect(piped.out.join("")).toBe(rules);
    const tty = capture(true);
    tty.io.data(rules);
    expect(tty.out.join("")).toBe('-A INPUT -m comment --comment "\\x1b]0;x\\x07" -j ACCEPT\nCOMMIT\n');
  });
});
