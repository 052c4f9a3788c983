#!/usr/bin/env bash
# Times accord's Avro compatibility check against Avro 1.12.1's Java implementation (the project's
# oracle in tests/oracle) on the same generated writer/reader pairs, and prints the ratio.
#
#   scripts/bench-avro-compat.sh [PAIRS]     (default 5000)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORACLE="$ROOT/tests/oracle/avro-oracle"
PAIRS="${1:-5000}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
JSONL="$(mktemp "${TMPDIR:-/tmp}/avro-pairs-XXXXXX.jsonl")"
trap 'rm -f "$JSONL"' EXIT

cd "$ROOT"
ours="$(cargo bench -q -p accord-compiler --bench avro_compat -- "$PAIRS" --jsonl "$JSONL")"
echo "$ours"
rust_rate="$(echo "$ours" | sed -n 's/^parse+check: .*, \([0-9]*\) pairs\/s$/\1/p')"

"$ORACLE" --version >/dev/null   # builds the oracle if needed, outside the timing
"$ORACLE" <"$JSONL" >/dev/null   # warm the page cache
start=$(date +%s.%N)
"$ORACLE" <"$JSONL" >/dev/null
end=$(date +%s.%N)
java_secs="$(echo "$end - $start" | bc -l)"
java_rate="$(echo "$PAIRS / $java_secs" | bc -l)"
printf 'java oracle (one JVM, parse+check+JSON, start-up included): %.3f s, %.0f pairs/s\n' "$java_secs" "$java_rate"
printf 'ratio (accord parse+check / java): %.1fx\n' "$(echo "$rust_rate / $java_rate" | bc -l)"
