#!/usr/bin/env bash
# The `aslc run` benchmark: bench/run_loop.sfl, a loop of 10,000
# iterations with one mocked call each, run by `aslc run`, against a peer
# in the same script: the same emitted definition walked by a minimal node
# loop with the reference JSONata (bench/run_loop_peer.js). Prints the
# best of three wall-clock times and CPU times, and the ratios. Not part of
# the test run. Needs cargo and node with jsonata 2.0.6 (the one
# `bash .ci/run` installs into .tools/).
#
# Usage: bash bench/run_loop.sh [--debug]   (default: a release build)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
profile=release
[ "${1:-}" = "--debug" ] && profile=debug
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "building aslc ($profile)" >&2
if [ "$profile" = release ]; then
    cargo build --release --quiet --manifest-path "$root/Cargo.toml"
else
    cargo build --quiet --manifest-path "$root/Cargo.toml"
fi
aslc="$root/target/$profile/aslc"
jsonata_dir="${JSONATA_DIR:-$root/.tools/node_modules/jsonata}"

echo '{"count": 10000}' > "$work/input.json"
echo '{"GET items /items/next": [{"status": 200, "body": {"size": 3}}]}' > "$work/mocks.json"
"$aslc" build "$root/bench/run_loop.sfl" -o "$work" 2>/dev/null

# Best of three: wall-clock and user+system CPU seconds, and what it printed.
best_of_three() {
    local best_real="" best_cpu="" line real cpu
    for _ in 1 2 3; do
        line="$( { /usr/bin/time -f '%e %U %S' "$@" > "$work/out.json"; } 2>&1 | tail -1)"
        real="$(echo "$line" | awk '{print $1}')"
        cpu="$(echo "$line" | awk '{printf "%.2f", $2 + $3}')"
        if [ -z "$best_real" ] || awk "BEGIN{exit !($real < $best_real)}"; then
            best_real="$real"; best_cpu="$cpu"
        fi
    done
    echo "$best_real $best_cpu"
}

read -r run_real run_cpu < <(best_of_three "$aslc" run "$root/bench/run_loop.sfl" \
    --input "$work/input.json" --mocks "$work/mocks.json" --json)
run_result="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["status"], json.dumps(d["output"]), len(d["calls"]), "calls")' "$work/out.json")"
read -r peer_real peer_cpu < <(best_of_three node "$root/bench/run_loop_peer.js" \
    "$jsonata_dir" "$work/run_loop.asl.json" "$work/input.json")
peer_result="$(cat "$work/out.json")"

echo "10,000 iterations ($profile build of aslc):"
printf '  %-34s %6ss wall %6ss cpu   %s\n' "aslc run" "$run_real" "$run_cpu" "$run_result"
printf '  %-34s %6ss wall %6ss cpu   %s\n' "node + jsonata-js (expressions only)" "$peer_real" "$peer_cpu" "$peer_result"
awk -v a="$run_real" -v b="$peer_real" -v c="$run_cpu" -v d="$peer_cpu" \
    'BEGIN { printf "  aslc run / peer: %.2fx wall, %.2fx cpu\n", a / b, c / d }'
