#!/usr/bin/env bash
# Times accord's Avro compatibility check against Avro 1.12.1's Java implementation (the project's
# oracle in tests/oracle, or $ACCORD_ORACLE) on the same generated writer/reader pairs, and prints the ratios:
#   - in process (compiler/benches/avro_compat.rs): parse alone, parse+check, check alone;
#   - through the CLI: `accord avro compat --batch --semantics avro` on the pairs as JSON Lines
#     (with and without its schema cache), start-up included, best of RUNS;
#   - the Java oracle on the same JSON Lines (one JVM, start-up included), best of RUNS.
# Wall times and CPU times (user+sys) are both printed: on a busy machine CPU time is the steadier.
#
#   scripts/bench-avro-compat.sh [PAIRS] [RUNS]     (defaults 5000, 3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ORACLE="${ACCORD_ORACLE:-$ROOT/tests/oracle/avro-oracle}"
PAIRS="${1:-5000}"
RUNS="${2:-3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
JSONL="$(mktemp "${TMPDIR:-/tmp}/avro-pairs-XXXXXX.jsonl")"
trap 'rm -f "$JSONL"' EXIT

cd "$ROOT"
ours="$(cargo bench -q -p accord-compiler --bench avro_compat -- "$PAIRS" --jsonl "$JSONL")"
echo "$ours"
rust_rate="$(echo "$ours" | sed -n 's/^parse+check: .*, \([0-9]*\) pairs\/s$/\1/p')"
cargo build -q --release -p accord-compiler --bin accord
ACCORD="$CARGO_TARGET_DIR/release/accord"

# best_of CMD...: runs CMD (stdin from $JSONL, stdout discarded) RUNS times; prints "wall cpu",
# the smallest of each, in seconds.
best_of() {
    local best_wall="" best_cpu="" t0 t1 c0 c1 wall cpu me=$BASHPID
    for _ in $(seq "$RUNS"); do
        c0="$(awk '{print $14+$15+$16+$17}' /proc/$me/stat)"
        t0=$(date +%s.%N)
        "$@" <"$JSONL" >/dev/null || true
        t1=$(date +%s.%N)
        c1="$(awk '{print $14+$15+$16+$17}' /proc/$me/stat)"
        wall="$(echo "$t1 - $t0" | bc -l)"
        cpu="$(echo "($c1 - $c0) / $(getconf CLK_TCK)" | bc -l)"
        if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then best_wall="$wall"; fi
        if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc -l)" = 1 ]; then best_cpu="$cpu"; fi
    done
    echo "$best_wall $best_cpu"
}

report() { # NAME WALL CPU
    printf '%s: wall %.3f s (%.0f pairs/s), CPU %.3f s (%.0f pairs/s)\n' "$1" "$2" \
        "$(echo "$PAIRS / $2" | bc -l)" "$3" "$(echo "$PAIRS / ($3 + 0.0001)" | bc -l)"
}

read -r batch_wall batch_cpu <<<"$(best_of "$ACCORD" avro compat --batch --semantics avro)"
report "accord avro compat --batch (CLI, start-up included)" "$batch_wall" "$batch_cpu"
read -r fresh_wall fresh_cpu <<<"$(best_of "$ACCORD" avro compat --batch --semantics avro --no-cache)"
report "accord avro compat --batch --no-cache" "$fresh_wall" "$fresh_cpu"

"$ORACLE" --version >/dev/null   # builds the oracle if needed, outside the timing
read -r java_wall java_cpu <<<"$(best_of "$ORACLE")"
report "java oracle (one JVM, parse+check+JSON, start-up included)" "$java_wall" "$java_cpu"
java_rate="$(echo "$PAIRS / $java_wall" | bc -l)"
printf 'ratio (accord parse+check in process / java, wall): %.1fx\n' "$(echo "$rust_rate / $java_rate" | bc -l)"
printf 'ratio (accord --batch CLI / java, wall): %.1fx; CPU: %.1fx\n' \
    "$(echo "$java_wall / $batch_wall" | bc -l)" "$(echo "$java_cpu / $batch_cpu" | bc -l)"
