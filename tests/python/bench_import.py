"""Import cost of a generated Python package (docs/python.md, "Import cost"). Not collected by
pytest; run it on a generated package, for example of the synthetic monorepo:

    cargo run --release -p accord-compiler --example synth -- --out /tmp/pysyn \\
        --packages 50 --types-per-package 20 --versions 3
    accord gen --target python --out /tmp/pysyn-gen /tmp/pysyn
    python3 tests/python/bench_import.py /tmp/pysyn-gen/python [MODULE]

Each measurement runs in a fresh interpreter (median wall time of ``--runs`` runs, default 5,
after one run that writes the bytecode cache), and prints how many generated modules it loaded
(besides the root and the modules of ``_runtime``):

* ``root``: ``import <root>``;
* ``root + one module``: ``import <root>.<MODULE>`` (default: the module of the first
  ``REGISTRY`` key);
* ``whole package``: ``import <root>`` and ``dict(<root>.REGISTRY.items())``, which imports
  every module (what importing the root cost before it was lazy).
"""

from __future__ import annotations

import os
import pathlib
import statistics
import subprocess
import sys


def _measure(path: pathlib.Path, code: str, runs: int) -> tuple[float, int]:
    """Median wall seconds of ``code`` in fresh interpreters, and the generated modules loaded."""
    env = dict(os.environ, PYTHONPATH=str(path))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    program = (
        "import sys, time\nstart = time.perf_counter()\n"
        + code
        + "\nelapsed = time.perf_counter() - start\n"
        "print(elapsed, sum(1 for m in sys.modules if m.startswith(ROOT + '.') and not m.startswith(ROOT + '._runtime')))\n"
    )
    times = []
    loaded = 0
    for run in range(runs + 1):
        out = subprocess.run(
            [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
        if run:  # the first run writes the bytecode cache
            times.append(float(out[0]))
        loaded = int(out[1])
    return statistics.median(times), loaded


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--runs=")]
    runs = next((int(a.split("=")[1]) for a in sys.argv[1:] if a.startswith("--runs=")), 5)
    if not args:
        sys.exit(__doc__)
    path = pathlib.Path(args[0])
    (root,) = [p.name for p in path.iterdir() if (p / "__init__.py").exists()]
    module = args[1] if len(args) > 1 else subprocess.run(
        [sys.executable, "-c", f"import {root}; print(next(iter({root}.REGISTRY))[0].rsplit('.', 1)[0])"],
        env=dict(os.environ, PYTHONPATH=str(path)), capture_output=True, text=True, check=True,
    ).stdout.strip()
    prefix = f"ROOT = {root!r}\n"
    cases = [
        ("root", f"import {root}"),
        ("root + one module", f"import {root}.{module}"),
        ("whole package", f"import {root}\ndict({root}.REGISTRY.items())"),
    ]
    print(f"{root} ({path}), module {module}, median of {runs} runs")
    for name, code in cases:
        seconds, loaded = _measure(path, prefix + code, runs)
        print(f"{name:>18}: {seconds:7.3f} s, {loaded} generated modules")


if __name__ == "__main__":
    main()
