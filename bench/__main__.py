"""``make bench``: every figure, each with its same-run baseline. Results also go to bench/results/."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from . import contention, export, faults, ledger, load, login, startup

SUITES = {
    "startup": startup,
    "login": login,
    "ledger": ledger,
    "export": export,
    "faults": faults,
    "contention": contention,
    "load": load,
}


def main(argv: list[str]) -> int:
    chosen = argv or list(SUITES)
    unknown = [name for name in chosen if name not in SUITES]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(SUITES)}", file=sys.stderr)
        return 2
    results = {}
    out_dir = Path(__file__).resolve().parent / "results"
    out_dir.mkdir(exist_ok=True)
    for name in chosen:
        module = SUITES[name]
        started = time.perf_counter()
        result = module.measure()
        result["wall_s"] = round(time.perf_counter() - started, 1)
        results[name] = result
        print(module.report(result), flush=True)
        print(flush=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out_dir / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
