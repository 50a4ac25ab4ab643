#!/usr/bin/env bash
# How the JSONata engine of `aslc run` was chosen (docs/jsonata-engine.md):
# every `{% %}` expression of the goldens plus the jsonata-js test suite,
# evaluated by jsonata-js 2.0.6 (the reference Step Functions documents) and
# by the candidate crates jsonata-core and jsonata-rs
# (bench/jsonata-engines/). Prints one table row per crate: how many
# results agree with the reference, panics, and time. Not part of the test
# run; builds the comparison in debug mode under bench/.peers/.
#
# Usage: bash bench/jsonata_engines.sh JSONATA_JS_CHECKOUT
#   JSONATA_JS_CHECKOUT: a clone of github.com/jsonata-js/jsonata (for
#   test/test-suite); jsonata 2.0.6 itself comes from .tools/node_modules.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
suite="${1:?usage: bash bench/jsonata_engines.sh JSONATA_JS_CHECKOUT}/test/test-suite"
jsonata_dir="${JSONATA_DIR:-$root/.tools/node_modules/jsonata}"
mkdir -p "$root/bench/.peers"
cases="$root/bench/.peers/jsonata-cases.json"

node "$root/bench/jsonata-engines/cases.js" "$jsonata_dir" "$suite" "$root" > "$cases"
CARGO_TARGET_DIR="$root/bench/.peers/target" cargo run --quiet \
    --manifest-path "$root/bench/jsonata-engines/Cargo.toml" -- "$cases"
