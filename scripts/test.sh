#!/usr/bin/env bash
# Runs every test of accord: formatting and lints, the Rust workspace (unit, golden, snapshot and
# differential tests against the Java Avro oracle), and the Python consumers of generated output.
# Installs the Python packages the tests need when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt

export INSTA_UPDATE=no
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo test --workspace
