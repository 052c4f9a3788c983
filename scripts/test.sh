#!/usr/bin/env bash
# Runs every test of accord: formatting and lints, the Rust workspace (unit, golden, snapshot and
# differential tests against the Java Avro oracle), and the Python consumers of generated output.
# Installs the Python packages the tests need when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt

# The Java Avro 1.12 reference the differential tests compare with (beside the checkout; it
# builds itself into a cache on first use). Without it, set ACCORD_SKIP_ORACLE=1.
if [ "${ACCORD_SKIP_ORACLE:-0}" != 1 ]; then
  ../shared/oracle/setup.sh
fi

export INSTA_UPDATE=no
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --workspace 2>&1 | tee "$log"

# One closing line for the whole run (cargo prints one per test binary).
passed=$(grep -Eo '^test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s += $1} END {print s + 0}')
echo "total: ${passed} passed, ${failed} failed"
