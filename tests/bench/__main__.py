"""Run every benchmark: `python -m tests.bench [--large] [--sqlite-only]`.

Each module tests/bench/bench_<name>.py runs in its own process with the same arguments;
the exit status is non-zero when any of them could not run (a missed target is not a
failure: it is printed on the figure's line).
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

from tests.bench.common import machine


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    print(f"# machine: {machine()}", flush=True)
    failed = []
    for name in names:
        print(f"## {name}", flush=True)
        status = subprocess.call([sys.executable, "-m", f"tests.bench.{name}", *argv])  # noqa: S603
        if status != 0:
            failed.append(name)
    if failed:
        print(f"# could not run: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
