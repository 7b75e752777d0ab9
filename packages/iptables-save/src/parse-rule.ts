import type { Cidr, Counters, Match, Negatable, Rule, Target } from "@nfx/model";
import { parseCidr } from "./address";
import { parseCounterArg } from "./counters";
import type { ArgCursor } from "./cursor";
import { MATCH_MODULES } from "./matches/registry";
import type { Module, ModuleBuilder, RuleContext } from "./modules";
import { protocolName, protocolNumber } from "./protocols";
import { KNOWN_EXTENSION_TARGETS, TARGET_MODULES } from "./targets/registry";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A rule as parsed, with where its target name was written (for errors found later, like a missing chain). */
interface ParsedRule {
  readonly rule: Rule;
  /** Token index of the `-j`/`-g` argument, or -1. */
  readonly targetIndex: number;
}

interface Loaded {
  readonly module: Module<Match> | Module<Target>;
  readonly builder: ModuleBuilder<Match> | ModuleBuilder<Target>;
  /** Token index just after the module name, for errors raised when it finishes. */
  readonly at: number;
  readonly isTarget: boolean;
}

const IMPLICIT: Readonly<Record<number, string>> = { 6: "tcp", 17: "udp", 1: "icmp" };

/** Generic options that end an unsupported module's arguments. */
const GENERIC = new Set([
  "-s",
  "--source",
  "--src",
  "-d",
  "--destination",
  "--dst",
  "-i",
  "--in-interface",
  "-o",
  "--out-interface",
  "-p",
  "--protocol",
  "-f",
  "--fragment",
  "-m",
  "--match",
  "-j",
  "--jump",
  "-g",
  "--goto",
  "-c",
  "--set-counters",
]);

const LONG_GENERIC = [...GENERIC].filter((o) => o.startsWith("--"));

const EXTENSION_NAME = /^[A-Z][A-Z0-9_]*$/;
/** What a match module's name can be: a file name libxt_NAME.so, under XT_EXTENSION_MAXNAMELEN (29). */
const MODULE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,27}$/;

/** The tokens of an unsupported module: everything up to the next generic option. */
function takeRawArgs(cur: ArgCursor): string[] {
  const args: string[] = [];
  while (!cur.done) {
    const tok = cur.peek()!;
    if (GENERIC.has(tok)) break;
    if (tok === "!" && GENERIC.has(cur.line.tokens[cur.index + 1] ?? "")) break;
    args.push(cur.take());
  }
  return args;
}

function interfaceName(cur: ArgCursor, option: string): string {
  const name = cur.value(option);
  if (name.length > 15)
    throw cur.error("bad-interface", `interface name \`${name}' must be shorter than IFNAMSIZ (15)`);
  return name;
}

/**
 * Parses the arguments of one rule (everything after `-A CHAIN`) into the model. Options go to the most
 * recently loaded module that knows them, as with iptables' option merging; `--dport` after `-p tcp` loads the
 * implicit tcp match at that point, which is where iptables-save prints it.
 */
export function parseRule(
  cur: ArgCursor,
  chain: string,
  intern: (name: string) => string,
  /** Whether NAME is a user chain of the table so far: `-j NAME` then jumps to it, even if a target has the name. */
  userChain: (name: string) => boolean = () => false,
): ParsedRule {
  let src: Negatable<Cidr> | undefined;
  let dst: Negatable<Cidr> | undefined;
  let inIface: Negatable<string> | undefined;
  let outIface: Negatable<string> | undefined;
  let fragment: Negatable<true> | undefined;
  let counters: Counters | undefined;
  const ctx: RuleContext = { proto: 0, protoInvert: false };
  let protoSeen = false;
  const loaded: Loaded[] = [];
  let implicitLoaded = false;
  let target: Target | null = null;
  let targetIndex = -1;
  const rawMatches: (Match | Loaded)[] = [];
  let invert = false;

  const skippedIface = { in: false, out: false };
  const single = (seen: unknown, flag: string) => {
    if (seen !== undefined) throw cur.error("duplicate-option", `multiple ${flag} flags not allowed`);
  };
  const noInvertHere = (option: string) => {
    if (invert) throw cur.error("bad-invert", `cannot have ! before ${option}`);
  };

  while (!cur.done) {
    const tok = cur.take();
    if (tok === "!") {
      if (invert) throw cur.error("bad-invert", "multiple `!' flags not allowed");
      invert = true;
      continue;
    }
    if (tok.length < 2 || tok.charCodeAt(0) !== 45) throw cur.error("bad-argument", `Bad argument \`${tok}'`);
    switch (tok) {
      case "-s":
      case "--source":
      case "--src":
        single(src, "-s");
        src = { value: parseCidr(cur.value(tok), cur.column()), invert };
        break;
      case "-d":
      case "--destination":
      case "--dst":
        single(dst, "-d");
        dst = { value: parseCidr(cur.value(tok), cur.column()), invert };
        break;
      case "-i":
      case "--in-interface":
        single(inIface, "-i");
        if (chain === "OUTPUT" || chain === "POSTROUTING")
          throw cur.error("bad-interface", `Can't use -i with ${chain}`);
        inIface = { value: interfaceName(cur, tok), invert };
        // `-i +` is every interface: iptables loads no test (and iptables-save prints none).
        if (inIface.value === "+" && !invert) skippedIface.in = true;
        break;
      case "-o":
      case "--out-interface":
        single(outIface, "-o");
        if (chain === "INPUT" || chain === "PREROUTING") throw cur.error("bad-interface", `Can't use -o with ${chain}`);
        outIface = { value: interfaceName(cur, tok), invert };
        if (outIface.value === "+" && !invert) skippedIface.out = true;
        break;
      case "-p":
      case "--protocol": {
        if (protoSeen) throw cur.error("duplicate-option", "multiple -p flags not allowed");
        const text = cur.value(tok);
        const proto = protocolNumber(text);
        if (proto < 0) throw cur.error("bad-protocol", `unknown protocol "${text}" specified`);
        // `! -p all` would match nothing; iptables refuses it rather than load a dead rule.
        if (proto === 0 && invert) throw cur.error("bad-protocol", "rule would never match protocol");
        protoSeen = true;
        ctx.proto = proto;
        ctx.protoInvert = invert;
        break;
      }
      case "-f":
      case "--fragment":
        fragment = { value: true, invert };
        break;
      case "-m":
      case "--match": {
        noInvertHere(tok);
        const name = cur.value(tok);
        const module = MATCH_MODULES.get(name);
        if (!module) {
          // An unmodelled module is kept as written, but only a name a module can have: one with a blank or a
          // quote is no file iptables could load, and could not be printed back as one argument.
          if (!MODULE_NAME.test(name)) {
            throw cur.error("unknown-match", `Couldn't load match \`${name}':No such file or directory`);
          }
          rawMatches.push({ module: "unsupported", name, args: takeRawArgs(cur) });
          break;
        }
        const entry: Loaded = { module, builder: module.create(), at: cur.index, isTarget: false };
        loaded.push(entry);
        rawMatches.push(entry);
        break;
      }
      case "-j":
      case "--jump":
      case "-g":
      case "--goto": {
        noInvertHere(tok);
        if (targetIndex >= 0) throw cur.error("duplicate-option", "multiple -j flags not allowed");
        const name = cur.value(tok);
        targetIndex = cur.index - 1;
        if (tok === "-g" || tok === "--goto") {
          target = { kind: "goto", chain: intern(name) };
          break;
        }
        // iptables: "Warning: using chain NAME, not extension"; the target's options are then unknown options.
        const module = userChain(name) ? undefined : TARGET_MODULES.get(name);
        if (userChain(name)) {
          target = { kind: "jump", chain: intern(name) };
        } else if (module) {
          loaded.push({ module, builder: module.create(), at: cur.index, isTarget: true });
        } else if (KNOWN_EXTENSION_TARGETS.has(name) || (EXTENSION_NAME.test(name) && cur.peek()?.startsWith("--"))) {
          target = { kind: "unsupported", name, args: takeRawArgs(cur) };
        } else {
          target = { kind: "jump", chain: intern(name) };
        }
        break;
      }
      case "-c":
      case "--set-counters": {
        const packets = parseCounterArg(cur.value(tok));
        if (packets === null) throw cur.error("bad-counters", "-c packet counter not numeric");
        const bytes = parseCounterArg(cur.value(tok));
        if (bytes === null) throw cur.error("bad-counters", "-c byte counter not numeric");
        counters = { packets, bytes };
        break;
      }
      case "-4":
        break;
      default:
        // A prefix of a generic option was expanded in place; read it again with its `!` still pending.
        if (moduleOption(tok)) continue;
    }
    invert = false;
  }
  if (invert) throw cur.error("bad-invert", "trailing `!'");

  function moduleOption(option: string): boolean {
    let entry = findOwner(option);
    if (!entry) {
      const full = uniquePrefix(option, [...loaded.flatMap((l) => l.module.options), ...LONG_GENERIC]);
      if (full) {
        cur.line.tokens[cur.index - 1] = full;
        cur.index--;
        return true;
      }
    }
    if (!entry && !implicitLoaded && !ctx.protoInvert && IMPLICIT[ctx.proto] && option.startsWith("--")) {
      implicitLoaded = true;
      const module = MATCH_MODULES.get(IMPLICIT[ctx.proto]!)!;
      if (module.options.includes(option) || uniquePrefix(option, module.options)) {
        entry = { module, builder: module.create(), at: cur.index, isTarget: false };
        loaded.push(entry);
        rawMatches.push(entry);
      }
    }
    if (!entry) throw cur.error("unknown-option", `unknown option "${option}"`);
    const full = entry.module.options.includes(option) ? option : uniquePrefix(option, entry.module.options)!;
    entry.builder.parse(full, invert, cur);
    return false;
  }

  function findOwner(option: string): Loaded | undefined {
    for (let i = loaded.length - 1; i >= 0; i--) if (loaded[i]!.module.options.includes(option)) return loaded[i];
    return undefined;
  }

  const matches: Match[] = [];
  for (const m of rawMatches) {
    if (!("builder" in m)) {
      matches.push(m);
      continue;
    }
    cur.index = m.at;
    const match = (m.builder as ModuleBuilder<Match>).finish(ctx, cur);
    if (!m.builder.vanishes?.()) matches.push(match);
  }
  for (const l of loaded) {
    if (!l.isTarget) continue;
    cur.index = l.at;
    target = (l.builder as ModuleBuilder<Target>).finish(ctx, cur);
  }

  const rule: Mutable<Rule> = { matches, target };
  if (src) rule.src = src;
  if (dst) rule.dst = dst;
  if (inIface && !skippedIface.in) rule.inIface = inIface;
  if (outIface && !skippedIface.out) rule.outIface = outIface;
  if (ctx.proto !== 0) rule.proto = { value: protocolName(ctx.proto), invert: ctx.protoInvert };
  if (fragment) rule.fragment = fragment;
  if (counters) rule.counters = counters;
  return { rule, targetIndex };
}

/** getopt_long accepts any unambiguous prefix of a long option (`--to` for `--to-destination`). */
function uniquePrefix(option: string, options: readonly string[]): string | undefined {
  if (option.length < 3) return undefined;
  const found = new Set(options.filter((o) => o.startsWith(option)));
  return found.size === 1 ? [...found][0] : undefined;
}
