#!/usr/bin/python3
"""Records what this machine's iptables does with every line of the vendored extensions/*.t files.

Run as root from this folder: ./record-machine.py > machine.json
Each test line is appended (iptables -t TABLE -A CHAIN RULE) in a network namespace of its own, in every chain
the file lists, as iptables' own iptables-test.py does; the rule iptables-save then prints is kept. The
namespace is deleted at the end, also on failure.
"""
import glob
import json
import os
import subprocess
import sys

NETNS = "nfxx-xtests-%d" % os.getpid()


def run(args):
    return subprocess.run(["ip", "netns", "exec", NETNS] + args, capture_output=True, text=True)


def saved_rules(table, chain):
    out = run(["iptables-save", "-t", table]).stdout
    prefix = "-A %s " % chain
    return [line[len(prefix):] for line in out.splitlines() if line.startswith(prefix)]


def record_file(path):
    table, chains, results = "filter", [], []
    for lineno, line in enumerate(open(path), start=1):
        line = line.rstrip("\n")
        if not line.strip() or line[0] in "#@%":
            continue
        if line[0] == "*":
            table = line[1:]
            continue
        if line[0] == ":":
            chains = line[1:].split(",")
            continue
        rule = line.split(";")[0]
        for chain in chains:
            added = run(["sh", "-c", "iptables -t %s -A %s %s" % (table, chain, rule)])
            entry = {"line": lineno, "chain": chain, "accepted": added.returncode == 0}
            if added.returncode == 0:
                saved = saved_rules(table, chain)
                entry["saved"] = saved[0] if len(saved) == 1 else saved
                run(["iptables", "-t", table, "-F", chain])
            else:
                entry["error"] = (added.stderr.strip().splitlines() or [""])[0]
            results.append(entry)
    return results


def main():
    subprocess.run(["ip", "netns", "add", NETNS], check=True)
    try:
        version = run(["iptables", "--version"]).stdout.strip()
        files = {}
        for path in sorted(glob.glob("*.t")):
            files[path] = record_file(path)
        json.dump({"iptables": version, "files": files}, sys.stdout, indent=1)
        print()
    finally:
        subprocess.run(["ip", "netns", "del", NETNS])


main()
