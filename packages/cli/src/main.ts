import { checkCommand, fmtCommand } from "./commands/check";
import { traceCommand } from "./commands/trace";
import { urlCommand } from "./commands/url";
import { recheckCommand, recordCommand, verifyCommand } from "./commands/verify";
import { UserError } from "./load";

const USAGE = `nfx: Netfilter Explorer on the command line

  nfx trace SCENARIO.json [--json]   what the kernel does with each packet of a scenario
  nfx check RULES.v4                 check an iptables-save file (or iptables commands); exit 1 on errors
  nfx fmt RULES.v4 [--counters]      print a ruleset as iptables-save does
  nfx url SCENARIO.json              the share link's fragment for a scenario (open it as APP#FRAGMENT)
  nfx url --decode FRAGMENT          the scenario a link carries, or why it cannot be opened
  nfx verify SCENARIO.json           run it on this machine's kernel and in the engine; say where they differ
  nfx record SCENARIO.json [-o F]    the live kernel's answer (root; network namespaces; nothing leaves the host)
  nfx recheck DIR [--write]          re-record every golden under DIR and compare with the stored answers
`;

type Command = (
  args: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
) => number | Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  trace: traceCommand,
  check: checkCommand,
  fmt: fmtCommand,
  url: urlCommand,
  verify: verifyCommand,
  record: recordCommand,
  recheck: recheckCommand,
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  const out = (s: string) => void process.stdout.write(s);
  const err = (s: string) => void process.stderr.write(s.endsWith("\n") ? s : `${s}\n`);
  if (!name || name === "help" || name === "--help" || name === "-h") {
    out(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`nfx: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(args, out, err);
  } catch (e) {
    if (e instanceof UserError) {
      err(e.message);
      return e.exitCode;
    }
    err(`nfx: internal error: ${(e as Error).message}`);
    return 70;
  }
}

process.exitCode = await main(process.argv.slice(2));
