import { setFlagsFromString } from "node:v8";

/**
 * V8 settings for a command that reads one file once and exits (`nfx check`). Its CPU time is mostly V8 warming
 * up, and most of that is the optimising compiler inlining the scanner's small helpers into its loops: big
 * graphs, each compiled again after a deoptimisation. Without inlining, the scanner is optimised a function at a
 * time, cheaply; the code is a little slower once warm, which a single pass never gets to notice (kube-5000: a
 * third less CPU, the 700,000-line node about the same). Set before the command's code is loaded, so that every
 * compilation sees it.
 */
export function tuneForOnePass(): void {
  setFlagsFromString("--no-turbo-inlining");
}
