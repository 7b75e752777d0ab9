import type { HookName, TableName } from "@nfx/model";
import { type Scenario, validateScenario } from "@nfx/scenario";
import acceptIsNotTheEnd from "../../../conformance/corpus/gallery/accept-is-not-the-end.scenario.json";
import conntrackStates from "../../../conformance/corpus/gallery/conntrack-states.scenario.json";
import conntrackTimeouts from "../../../conformance/corpus/gallery/conntrack-timeouts.scenario.json";
import dockerPublishedPort from "../../../conformance/corpus/gallery/docker-published-port.scenario.json";
import firewalldAndDocker from "../../../conformance/corpus/gallery/firewalld-and-docker.scenario.json";
import homeRouterNat from "../../../conformance/corpus/gallery/home-router-nat.scenario.json";
import kubeClusterip from "../../../conformance/corpus/gallery/kube-clusterip.scenario.json";
import kubeNodeport from "../../../conformance/corpus/gallery/kube-nodeport.scenario.json";
import kubePingClusterip from "../../../conformance/corpus/gallery/kube-ping-clusterip.scenario.json";
import kubeProxyNftables from "../../../conformance/corpus/gallery/kube-proxy-nftables.scenario.json";
import nftablesHomeRouter from "../../../conformance/corpus/gallery/nftables-home-router.scenario.json";
import notrackRaw from "../../../conformance/corpus/gallery/notrack-raw.scenario.json";
import orderingMistake from "../../../conformance/corpus/gallery/ordering-mistake.scenario.json";
import portForwardDnat from "../../../conformance/corpus/gallery/port-forward-dnat.scenario.json";
import rejectVsDrop from "../../../conformance/corpus/gallery/reject-vs-drop.scenario.json";
import statefulFirewall from "../../../conformance/corpus/gallery/stateful-firewall.scenario.json";
import statefulFirewallNft from "../../../conformance/corpus/gallery/stateful-firewall-nft.scenario.json";
import tablePriority from "../../../conformance/corpus/gallery/table-priority.scenario.json";
import tcpWindowTracking from "../../../conformance/corpus/gallery/tcp-window-tracking.scenario.json";
import threePaths from "../../../conformance/corpus/gallery/three-paths.scenario.json";

/** What a guided step's "Do it" button does. */
export type LessonAction =
  /** Play a scenario packet (1-based, as the packet list numbers them). */
  | { readonly kind: "play"; readonly packet: number }
  /** Show a chain's rules. */
  | { readonly kind: "look"; readonly table: TableName; readonly chain: string; readonly hook: HookName }
  /**
   * Change the ruleset (replace the first occurrence of `find`), then play the packet the step talks about.
   * `text`: which text is edited, the iptables-save ruleset or the native nftables ruleset.
   */
  | {
      readonly kind: "edit";
      readonly text: RulesetText;
      readonly find: string;
      readonly replace: string;
      readonly replay: number;
    }
  /** Set a host sysctl, as `sysctl -w name=value` would, then play the packet the step talks about. */
  | { readonly kind: "sysctl"; readonly name: string; readonly value: number; readonly replay: number };

/** The two ruleset texts a scenario may carry. */
export type RulesetText = "ruleset" | "nftables";

export interface Lesson {
  /** The scenario file's name: conformance/corpus/gallery/NAME.scenario.json, and the scenario's `name`. */
  readonly name: string;
  readonly scenario: Scenario;
  /** One per guided step (the texts are in gallery/text.*.ts); null: a step to read, nothing to click. */
  readonly actions: readonly (LessonAction | null)[];
}

function checked(doc: unknown): Scenario {
  const v = validateScenario(doc);
  if (!v.ok) throw new Error(`gallery scenario is invalid: ${JSON.stringify(v.errors)}`);
  return v.value;
}

const play = (packet: number): LessonAction => ({ kind: "play", packet });
const look = (table: TableName, chain: string, hook: HookName = chain as HookName): LessonAction => ({
  kind: "look",
  table,
  chain,
  hook,
});
const sysctl = (name: string, value: number, replay: number): LessonAction => ({ kind: "sysctl", name, value, replay });
const edit = (find: string, replace: string, replay: number): LessonAction => ({
  kind: "edit",
  text: "ruleset",
  find,
  replace,
  replay,
});
const editNft = (find: string, replace: string, replay: number): LessonAction => ({
  kind: "edit",
  text: "nftables",
  find,
  replace,
  replay,
});

/** The lessons, in teaching order. */
export const LESSONS: readonly Lesson[] = [
  { name: "three-paths", scenario: checked(threePaths), actions: [play(1), play(2), play(3), look("filter", "INPUT")] },
  {
    name: "table-priority",
    scenario: checked(tablePriority),
    actions: [
      play(1),
      look("filter", "INPUT"),
      play(2),
      edit("-A INPUT -p tcp -m tcp --dport 80 -m mark", "-A INPUT -p tcp -m tcp --dport 8080 -m mark", 1),
    ],
  },
  { name: "conntrack-states", scenario: checked(conntrackStates), actions: [play(1), play(2), play(4), play(5)] },
  {
    name: "stateful-firewall",
    scenario: checked(statefulFirewall),
    actions: [look("filter", "INPUT"), play(2), play(4), play(3)],
  },
  {
    name: "ordering-mistake",
    scenario: checked(orderingMistake),
    actions: [
      play(2),
      play(4),
      edit(
        "-A INPUT -j DROP\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n",
        "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -j DROP\n",
        2,
      ),
      play(5),
    ],
  },
  {
    name: "tcp-window-tracking",
    scenario: checked(tcpWindowTracking),
    actions: [play(2), play(4), play(5), sysctl("net.netfilter.nf_conntrack_tcp_be_liberal", 1, 5)],
  },
  { name: "reject-vs-drop", scenario: checked(rejectVsDrop), actions: [play(1), play(2), play(3), play(4)] },
  {
    name: "notrack-raw",
    scenario: checked(notrackRaw),
    actions: [
      play(1),
      play(2),
      look("raw", "OUTPUT"),
      edit("-A PREROUTING -d 203.0.113.1/32 -p tcp -m tcp --dport 80 -j NOTRACK\n", "", 1),
    ],
  },
  {
    name: "home-router-nat",
    scenario: checked(homeRouterNat),
    actions: [
      play(1),
      play(2),
      play(3),
      edit(
        "-A POSTROUTING -s 192.168.1.0/24 -o eth0 -j MASQUERADE",
        "-A POSTROUTING -s 192.168.1.0/24 -o eth0 -j SNAT --to-source 203.0.113.1",
        1,
      ),
    ],
  },
  { name: "conntrack-timeouts", scenario: checked(conntrackTimeouts), actions: [play(1), play(2), play(3), null] },
  {
    name: "port-forward-dnat",
    scenario: checked(portForwardDnat),
    actions: [
      play(1),
      look("filter", "FORWARD"),
      play(2),
      edit(
        "-i eth0 -o eth1 -p tcp -m tcp --dport 80 -j ACCEPT",
        "-i eth0 -o eth1 -p tcp -m tcp --dport 8080 -j ACCEPT",
        1,
      ),
    ],
  },
  {
    name: "docker-published-port",
    scenario: checked(dockerPublishedPort),
    actions: [
      play(1),
      look("filter", "INPUT"),
      play(2),
      edit(
        "-j ACCEPT\n-A DOCKER-USER -j RETURN",
        "-j ACCEPT\n-A DOCKER-USER -i eth0 -p tcp -m tcp --dport 80 -j DROP\n-A DOCKER-USER -j RETURN",
        1,
      ),
    ],
  },
  {
    name: "kube-clusterip",
    scenario: checked(kubeClusterip),
    actions: [play(1), play(2), play(3), look("nat", "KUBE-SVC-WEB", "PREROUTING")],
  },
  {
    name: "kube-nodeport",
    scenario: checked(kubeNodeport),
    actions: [
      play(1),
      look("filter", "KUBE-FORWARD", "FORWARD"),
      look("nat", "KUBE-POSTROUTING", "POSTROUTING"),
      play(2),
    ],
  },
  { name: "kube-ping-clusterip", scenario: checked(kubePingClusterip), actions: [play(1), play(2), play(3), null] },
  { name: "accept-is-not-the-end", scenario: checked(acceptIsNotTheEnd), actions: [play(1), play(2), null] },
  {
    name: "firewalld-and-docker",
    scenario: checked(firewalldAndDocker),
    actions: [
      play(1),
      play(2),
      play(3),
      editNft(
        '    ct state established,related accept\n    ct state invalid drop\n    iifname "docker0" accept\n    reject',
        '    ct state established,related accept\n    ct status dnat accept\n    ct state invalid drop\n    iifname "docker0" accept\n    reject',
        1,
      ),
    ],
  },
  { name: "kube-proxy-nftables", scenario: checked(kubeProxyNftables), actions: [play(1), play(2), play(3), play(4)] },
  {
    name: "nftables-home-router",
    scenario: checked(nftablesHomeRouter),
    actions: [
      play(1),
      play(2),
      play(3),
      editNft(
        "    icmp type echo-request accept\n  }",
        "    icmp type echo-request accept\n    tcp dport 22 accept\n  }",
        3,
      ),
    ],
  },
  { name: "stateful-firewall-nft", scenario: checked(statefulFirewallNft), actions: [play(2), play(4), play(3), null] },
];

export function lessonByName(name: string | undefined): Lesson | null {
  return LESSONS.find((l) => l.name === name) ?? null;
}
