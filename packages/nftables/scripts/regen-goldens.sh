#!/bin/sh
# Loads every test/golden/NAME.input.nft with the real `nft -f` in a network namespace of its own and stores
# the kernel's listing beside it: NAME.listing.nft (`nft -a list ruleset`) and NAME.listing.json
# (`nft -j list ruleset`, indented for review); and each test/errors/NAME.nft's refusal as NAME.stderr. Run as root: sh packages/nftables/scripts/regen-goldens.sh [NAME...]
set -eu
dir=$(cd "$(dirname "$0")/../test/golden" && pwd)
ns="nfxn-golden-$$"
cleanup() { ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
if [ $# -eq 0 ]; then set -- $(cd "$dir" && ls *.input.nft | sed 's/\.input\.nft$//'); fi
for name in "$@"; do
	ip netns add "$ns"
	if ! ip netns exec "$ns" nft -f "$dir/$name.input.nft"; then
		echo "$name: nft -f refused it" >&2
		exit 1
	fi
	ip netns exec "$ns" nft -a list ruleset >"$dir/$name.listing.nft"
	ip netns exec "$ns" nft -j list ruleset | python3 -m json.tool --indent 1 >"$dir/$name.listing.json"
	ip netns del "$ns"
	echo "$name: $(wc -l <"$dir/$name.listing.nft") lines"
done
# Bad inputs: what nft -f says about each, kept as NAME.stderr beside it (only when no names were given).
[ "$*" = "$(cd "$dir" && ls *.input.nft | sed 's/\.input\.nft$//' | tr '\n' ' ' | sed 's/ $//')" ] || exit 0
errors=$(cd "$dir/../errors" && pwd)
for f in "$errors"/*.nft; do
	ip netns add "$ns"
	(cd "$errors" && ip netns exec "$ns" nft -f "$(basename "$f")" >/dev/null 2>"${f%.nft}.stderr") || true
	ip netns del "$ns"
done
