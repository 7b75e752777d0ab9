import { DEFAULT_MAX_INPUT, formatSize, parseSize } from "./input-size";
import { createIo, type Io, UserError } from "./io";
import { tuneForOnePass } from "./one-pass";

const USAGE = `nfx: Netfilter Explorer on the command line

  nfx trace SCENARIO.json [--json] [--explain]   what the kernel does with each packet; --explain: why each rule matched or not
  nfx check RULES                    check an iptables-save file (or iptables commands, nft text or nft -j
                                     JSON); exit 1 on errors
  nfx fmt RULES [--counters]         print a ruleset as iptables-save (or nft list ruleset) does
  nfx url SCENARIO.json              the share link's fragment for a scenario (open it as APP#FRAGMENT)
  nfx url --decode FRAGMENT          the scenario a link carries, or why it cannot be opened
  nfx verify SCENARIO.json           run it on this machine's kernel and in the engine; say where they differ
  nfx record SCENARIO.json [-o F]    the live kernel's answer (root; network namespaces; nothing leaves the host)
  nfx recheck DIR [--write]          re-record every golden under DIR and compare with the stored answers
  nfx capture [-o F] [--redact]      this host as a scenario (read-only; sudo for the ruleset; nothing is sent)
  nfx capture --url [--redact]       a link that opens this host in the app (the scenario is in the fragment)
  nfx replay SCENARIO.json TRACE     a real host's nft monitor trace (or xtables-monitor --trace) beside the
                                     engine's run of the same packets: the first step where they part

  --max-input-size SIZE              read inputs up to SIZE (e.g. 512M, 2G; default ${formatSize(DEFAULT_MAX_INPUT)});
                                     also NFX_MAX_INPUT=SIZE`;

type Command = (args: readonly string[], io: Io) => number | Promise<number>;

/**
 * Each command's code is loaded when it runs: `nfx check` then evaluates only the parser's modules, not the
 * engine's, the recorder's or node's child_process, crypto and readline (a third of its fixed start-up cost).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  trace: async () => (await import("./commands/trace")).traceCommand,
  check: async () => {
    tuneForOnePass();
    return (await import("./commands/check")).checkCommand;
  },
  fmt: async () => (await import("./commands/check")).fmtCommand,
  url: async () => (await import("./commands/url")).urlCommand,
  verify: async () => (await import("./commands/verify")).verifyCommand,
  record: async () => (await import("./commands/verify")).recordCommand,
  recheck: async () => (await import("./commands/verify")).recheckCommand,
  capture: async () => (await import("./commands/capture")).captureCommand,
  replay: async () => (await import("./commands/replay")).replayCommand,
};

/** The input limit from `--max-input-size SIZE` (or `=SIZE`) anywhere in argv, else NFX_MAX_INPUT; argv without it. */
function inputLimit(argv: readonly string[], env: string | undefined): { limit: number; rest: string[] } {
  const rest: string[] = [];
  let given: { text: string; from: string } | undefined =
    env === undefined || env === "" ? undefined : { text: env, from: "NFX_MAX_INPUT" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--max-input-size") {
      given = { text: argv[++i] ?? "", from: "--max-input-size" };
    } else if (a.startsWith("--max-input-size=")) {
      given = { text: a.slice("--max-input-size=".length), from: "--max-input-size" };
    } else rest.push(a);
  }
  if (!given) return { limit: DEFAULT_MAX_INPUT, rest };
  const limit = parseSize(given.text);
  if (limit === null) throw new UserError(`nfx: ${given.from}: "${given.text}" is not a size like 512M or 2G`, 2);
  return { limit, rest };
}

async function main(argv: readonly string[]): Promise<number> {
  const boot = createIo(process, DEFAULT_MAX_INPUT);
  try {
    const { limit, rest } = inputLimit(argv, process.env.NFX_MAX_INPUT);
    const io = createIo(process, limit);
    const [name, ...args] = rest;
    if (!name || name === "help" || name === "--help" || name === "-h") {
      for (const line of USAGE.split("\n")) io.out(line);
      return name ? 0 : 2;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) {
      io.err(`nfx: unknown command "${name}"`);
      io.err("");
      for (const line of USAGE.split("\n")) io.err(line);
      return 2;
    }
    const command = await load();
    return await command(args, io);
  } catch (e) {
    if (e instanceof UserError) {
      for (const line of e.lines) boot.err(line);
      return e.exitCode;
    }
    boot.err(`nfx: internal error: ${(e as Error).message}`);
    return 70;
  }
}

// `nfx trace x.json | head` closes the pipe early: that is the reader being done, not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2));
