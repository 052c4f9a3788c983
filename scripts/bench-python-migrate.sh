#!/usr/bin/env bash
# Benchmark: records/s of the generated Python migration shims (decode + upgrade to the latest
# version) against fastavro decoding the same bytes with schema resolution, in the same run.
#
#   scripts/bench-python-migrate.sh
#
# Generates the shop contracts' Python package and test vectors into a temporary directory (with
# the debug binary: the output is the same, and only Python runs in the measurement), then runs
# tests/python/bench_migrate.py on them (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo run -q --bin accord -- gen --target python --target vectors --out "$work" . 2>/dev/null
python3 --version
python3 -c 'import fastavro; print("fastavro", fastavro.__version__)'
python3 tests/python/bench_migrate.py "$work"
