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

# Prints the path of a heaviside command, installing it first if needed:
# into a virtual environment, or, where python3 has no venv module (a bare
# Debian without python3-venv), with pip --target and a small wrapper.
install_heaviside() {
    local venv="$peers/venv" target="$peers/site" wrapper="$peers/bin/heaviside"
    if [ -x "$venv/bin/heaviside" ]; then echo "$venv/bin/heaviside"; return; fi
    if [ -x "$wrapper" ]; then echo "$wrapper"; return; fi
    echo "installing heaviside $heaviside_version into bench/.peers/" >&2
    if [ -z "${BENCH_NO_VENV:-}" ] && python3 -m venv "$venv" >&2; then
        "$venv/bin/pip" install --quiet --disable-pip-version-check "heaviside==$heaviside_version" >&2
        echo "$venv/bin/heaviside"
        return
    fi
    rm -rf "$venv"
    python3 -m pip install --quiet --disable-pip-version-check --target "$target" \
        "heaviside==$heaviside_version" >&2
    mkdir -p "$peers/bin"
    printf '#!/bin/sh\nPYTHONPATH="%s" exec python3 -m heaviside "$@"\n' "$target" > "$wrapper"
    chmod +x "$wrapper"
    echo "$wrapper"
}

heaviside="$(install_heaviside)"
echo "building aslc (release)" >&2
cargo build --release --quiet --manifest-path "$root/Cargo.toml"

validator="$root/.tools/node_modules/.bin/asl-validator"
if [ ! -x "$validator" ]; then
    echo "asl-validator not found: run 'bash .ci/run' once to install it; skipping its row" >&2
    validator="-"
fi

echo "machine: $(nproc) cores, $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"
cd "$root/bench"
python3 bench.py "$root/target/release/aslc" "$heaviside" "$validator" "$peers/flows"
