#!/usr/bin/env bash
# States in the definition and states entered on scripted executions, for
# each example, before and after the state-economy changes of lowering.
#
#   bash bench/state_economy/run.sh [BEFORE_REV]
#
# "Before" is the definitions at BEFORE_REV (default 80b5693, the commit
# before the changes); "after" is what the current build emits, for every
# workflow a scenario runs (the examples and a few of tests/cases). Both run the same scenarios (scenarios.json: execution
# input and mocked HTTP answers) in count.js, a small interpreter with the
# reference JSONata; a scenario whose output, error or HTTP calls differ
# between the two is reported as DIFFERENT and makes the script fail.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
before_rev="${1:-80b5693}"
jsonata="${ASLC_JSONATA_DIR:-${ASLC_TOOLS_DIR:-$root/.tools}/node_modules/jsonata}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/before" "$work/after"
# Each scenario names its workflow and the directory of its source.
sources="$(python3 -c 'import json,sys
for s in sorted({(x["source"], x["workflow"]) for x in json.load(open(sys.argv[1]))}):
    print("/".join(s))' bench/state_economy/scenarios.json)"
for path in $sources; do
    git show "$before_rev:$path.asl.json" > "$work/before/$(basename "$path").asl.json"
    cargo run -q -- build "$path.sfl" --out-dir "$work/after" > "$work/build.log" 2>&1 \
        || { cat "$work/build.log"; exit 1; }
done
node bench/state_economy/count.js "$jsonata" bench/state_economy/scenarios.json \
    "$work/before" "$work/after" > "$work/runs.jsonl"
python3 - "$work/runs.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
pairs = list(zip(rows[::2], rows[1::2]))
print("| workflow | execution | states before | after | entered before | after | change | behaviour |")
print("|---|---|---:|---:|---:|---:|---:|---|")
different = 0
total_before = total_after = 0
for before, after in pairs:
    same = all(before.get(k) == after.get(k) for k in ("output", "error", "calls"))
    different += not same
    total_before += before["entered"]
    total_after += after["entered"]
    change = (after["entered"] - before["entered"]) / before["entered"] * 100
    print(f"| {before['workflow']} | {before['scenario']} | {before['states']} | {after['states']} "
          f"| {before['entered']} | {after['entered']} | {change:+.0f} % | {'same' if same else 'DIFFERENT'} |")
change = (total_after - total_before) / total_before * 100
print(f"| all | | | | {total_before} | {total_after} | {change:+.0f} % | |")
sys.exit(1 if different else 0)
PY
