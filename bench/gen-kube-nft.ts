// `npx tsx bench/gen-kube-nft.ts -s SERVICES [-e ENDPOINTS] [--nodeport-fraction F] [--no-endpoints-every N]
// [--seed N] [-o FILE]`: a kube-proxy nftables-mode ruleset as `nft list ruleset` lists it (see kube-nft.ts).
import { writeFileSync } from "node:fs";
import { kubeNftRuleset } from "./kube-nft";

function main(argv: string[]): void {
  const o = { services: 0, endpoints: 3, nodePortFraction: 0.2, noEndpointsEvery: 0, seed: 1 };
  let out = "-";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    if (a === "-s" || a === "--services") o.services = Number(v);
    else if (a === "-e" || a === "--endpoints") o.endpoints = Number(v);
    else if (a === "--nodeport-fraction") o.nodePortFraction = Number(v);
    else if (a === "--no-endpoints-every") o.noEndpointsEvery = Number(v);
    else if (a === "--seed") o.seed = Number(v);
    else if (a === "-o" || a === "--output") out = v;
    else throw new Error(`unknown option ${a}`);
  }
  if (!(o.services >= 1)) throw new Error("-s SERVICES (1 or more) is required");
  const { text } = kubeNftRuleset(o);
  if (out === "-") process.stdout.write(text);
  else writeFileSync(out, text);
}

main(process.argv.slice(2));
