#!/usr/bin/env python3
"""Times aslc against its peers on generated flows and prints the medians.

Called by bench/run.sh, which installs the peers and builds aslc first.
Every command runs as a whole process several times after a warm-up; the
wall-clock median is quoted and the peak memory (largest max RSS of any
run, from the kernel's own accounting via wait4) is reported beside it.
Usage: bench.py ASLC HEAVISIDE ASL_VALIDATOR|- WORK_DIR
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import gen

SIZES = (10, 100, 1000)  # blocks: 100, 1,000 and 10,000 states
DEFINITION_LIMIT = 1024 * 1024


def run_once(cmd: list[str]) -> tuple[float, float, int, int]:
    """Runs cmd once; returns wall seconds, CPU seconds (user + system),
    max RSS in KiB and exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode


def measure(cmd: list[str], runs: int, warmup: int = 1) -> dict:
    for _ in range(warmup):
        run_once(cmd)
    results = [run_once(cmd) for _ in range(runs)]
    walls = [r[0] for r in results]
    return {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "cpu": statistics.median(r[1] for r in results),
        "rss_kib": max(r[2] for r in results),
        "codes": sorted({r[3] for r in results}),
    }


def runs_for(blocks: int, slow: bool) -> int:
    """Fewer runs for the slow peers on the large flows."""
    if slow:
        return 3 if blocks >= 1000 else 5
    return 11


def write_flows(work: Path, blocks: int) -> tuple[Path, Path]:
    states = blocks * gen.STATES_PER_BLOCK
    sfl, hsd = work / f"flow_{states}.sfl", work / f"flow_{states}.hsd"
    sfl.write_text(gen.sfl(blocks))
    hsd.write_text(gen.hsd(blocks))
    return sfl, hsd


def builds(aslc: str, sfl: Path, out: Path) -> bool:
    return subprocess.run([aslc, "build", str(sfl), "-o", str(out)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def largest_fitting(aslc: str, work: Path) -> int:
    """The most blocks (at most 1,000) whose definition fits 1 MiB, by bisection."""
    low, high = 1, 1000
    out = work / "probe"
    while low < high:
        mid = (low + high + 1) // 2
        sfl = work / "probe.sfl"
        sfl.write_text(gen.sfl(mid))
        if builds(aslc, sfl, out):
            low = mid
        else:
            high = mid - 1
    return low


def row(rows: list, tool: str, blocks: int, result: dict) -> None:
    rows.append((tool, blocks * gen.STATES_PER_BLOCK, result))
    states = blocks * gen.STATES_PER_BLOCK
    print(f"  measured {tool:<28} {states:>6} states: {result['median'] * 1000:9.1f} ms",
          file=sys.stderr)


def main() -> None:
    aslc, heaviside, validator, work = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
    work.mkdir(parents=True, exist_ok=True)
    rows: list = []
    for blocks in SIZES:
        sfl, hsd = write_flows(work, blocks)
        row(rows, "aslc check", blocks, measure([aslc, "check", str(sfl)], runs_for(blocks, False)))
        row(rows, "heaviside compile", blocks,
            measure([heaviside, "compile", str(hsd), "-o", os.devnull], runs_for(blocks, True)))
    fit = largest_fitting(aslc, work)
    sfl, _ = write_flows(work, fit)
    out = work / "build"
    row(rows, "aslc check", fit, measure([aslc, "check", str(sfl)], runs_for(fit, False)))
    row(rows, "aslc build", fit, measure([aslc, "build", str(sfl), "-o", str(out)], runs_for(fit, False)))
    definition = out / f"{sfl.stem}.asl.json"
    if validator != "-":
        row(rows, "asl-validator (aslc's output)", fit,
            measure([validator, "--json-path", str(definition)], runs_for(fit, True)))
    print_report(rows, fit, definition)


def find(rows: list, tool: str, states: int) -> dict | None:
    for name, count, result in rows:
        if name == tool and count == states:
            return result
    return None


def print_report(rows: list, fit: int, definition: Path) -> None:
    print(f"\n{'command':<30} {'states':>7} {'median ms':>10} {'min ms':>9} {'max ms':>9} "
          f"{'cpu ms':>8} {'peak RSS MiB':>13} exit")
    for tool, states, r in rows:
        print(f"{tool:<30} {states:>7} {r['median'] * 1000:>10.1f} {r['min'] * 1000:>9.1f} "
              f"{r['max'] * 1000:>9.1f} {r['cpu'] * 1000:>8.1f} {r['rss_kib'] / 1024:>13.1f} "
              f"{','.join(map(str, r['codes']))}")
    print("(median/min/max: wall clock; cpu ms: median user + system time; peak RSS: largest run)")
    size = definition.stat().st_size if definition.exists() else 0
    fit_states = fit * gen.STATES_PER_BLOCK
    print(f"\nlargest flow that fits the 1 MiB definition limit: {fit_states} states "
          f"({size:,} bytes of ASL)")
    print("\nratios (aslc / peer: below 1 means aslc is faster; x = how many times faster)")
    for blocks in SIZES:
        states = blocks * gen.STATES_PER_BLOCK
        print_ratio(f"aslc check / heaviside compile, {states} states",
                    find(rows, "aslc check", states), find(rows, "heaviside compile", states))
    validator = find(rows, "asl-validator (aslc's output)", fit_states)
    print_ratio(f"aslc check / asl-validator, {fit_states} states",
                find(rows, "aslc check", fit_states), validator)
    print_ratio(f"aslc build / asl-validator, {fit_states} states",
                find(rows, "aslc build", fit_states), validator)
    print("\ngrowth per 10x more states (median of the larger / median of the smaller)")
    for tool in ("aslc check", "heaviside compile"):
        for small, large in zip(SIZES, SIZES[1:]):
            a = find(rows, tool, small * gen.STATES_PER_BLOCK)
            b = find(rows, tool, large * gen.STATES_PER_BLOCK)
            if a and b:
                print(f"  {tool:<20} {small * 10:>6} -> {large * 10:>6} states: "
                      f"{b['median'] / a['median']:6.2f}x")


def print_ratio(label: str, ours: dict | None, peer: dict | None) -> None:
    if ours and peer:
        ratio = ours["median"] / peer["median"]
        print(f"  {label:<48} {ratio:8.4f}  ({1 / ratio:7.1f}x faster)")


if __name__ == "__main__":
    main()
