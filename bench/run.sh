#!/usr/bin/env bash
# The benchmark of issue 8: aslc against heaviside (PyPI) and asl-validator
# on generated flows of 100, 1,000 and 10,000 states. Not part of the test
# run. Installs heaviside into bench/.peers/ (git-ignored), builds aslc in
# release mode, then prints a table of medians, ratios, growth per 10x
# more states and peak memory. Needs python3 and cargo; asl-validator is
# the one `bash .ci/run` installs into .tools/ (its row is skipped if absent).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$root/bench/.peers"
heaviside_version="2.2.5"
mkdir -p "$peers"

install_heaviside() {
    local venv="$peers/venv"
    if [ -x "$venv/bin/heaviside" ]; then return; fi
    echo "installing heaviside $heaviside_version into bench/.peers/" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check "heaviside==$heaviside_version" >&2
}

install_heaviside
echo "building aslc (release)" >&2
cargo build --release --quiet --manifest-path "$root/Cargo.toml"

validator="$root/.tools/node_modules/.bin/asl-validator"
if [ ! -x "$validator" ]; then
    echo "asl-validator not found: run 'bash .ci/run' once to install it; skipping its row" >&2
    validator="-"
fi

echo "machine: $(nproc) cores, $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"
cd "$root/bench"
python3 bench.py "$root/target/release/aslc" "$peers/venv/bin/heaviside" "$validator" "$peers/flows"
