#!/usr/bin/env bash
# Runs every test of accord: formatting and lints, the Rust workspace (unit, golden, snapshot and
# differential tests against the Java Avro oracle), and the Python consumers of generated output:
# the generated Python packages (mypy --strict, pytest over every test vector).
# Installs the Python packages the tests need when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt

export INSTA_UPDATE=no
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo test --workspace

# The Python target: generate with the real CLI (the debug binary cargo test built) for the
# bundled contracts, the kitchen fixture and the hostile-names fixture, type-check each package
# with mypy --strict, and run tests/python against the packages and the test vectors.
generated="$(mktemp -d)"
trap 'rm -rf "$generated"' EXIT
declare -A projects=(
  [shop]=.
  [kitchen]=compiler/tests/fixtures/kitchen
  [hostile]=compiler/tests/fixtures/hostile_python
)
pythonpath=""
for name in shop kitchen hostile; do
  cargo run -q --bin accord -- gen --target python --target vectors --out "$generated/$name" "${projects[$name]}"
  pythonpath="$pythonpath${pythonpath:+:}$generated/$name/python"
  (cd "$generated/$name/python" && python3 -m mypy --strict --python-version 3.10 --no-incremental --cache-dir /dev/null .)
done
ACCORD_PY_GENERATED="$generated" PYTHONPATH="$pythonpath" python3 -m pytest -q -p no:cacheprovider tests/python
