#!/usr/bin/env bash
# Benchmarks `accord check` (and `accord gen --target avro`) on generated contract monorepos of
# three sizes, against a baseline measured in the same run, and prints a Markdown table.
#
#   scripts/bench-check.sh [RUNS]        (default 5; each number is the best of RUNS)
#
# Sizes (packages x 20 types, 5 epochs, seed 1): about 500, 2,000 and 5,000 type versions.
# Override with SIZES="10 40 100" (packages per size). See docs/benchmarks.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
SIZES="${SIZES:-10 40 100}"
TYPES=20
VERSIONS=5
SEED=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$CARGO_TARGET_DIR/release"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
cargo build --release -q -p accord-compiler --bin accord \
    --example synth --example json_baseline --example check_stages

TIME_BIN=""
if [ -x /usr/bin/time ] && /usr/bin/time -f %e true 2>/dev/null; then
    TIME_BIN=/usr/bin/time
fi

# measure OUT CMD...: runs CMD RUNS times after one warm-up run, and writes to OUT
# "best_wall_s best_cpu_s peak_rss_kb". Wall and CPU (user + sys) come from bash's `time`
# (millisecond resolution); the peak RSS from one more run under GNU time, when there is one
# (else it is left empty and the caller reads VmHWM in-process through check_stages).
measure() {
    local out="$1"
    shift
    "$@" >/dev/null 2>&1
    local best_wall="" best_cpu="" rss="" wall user sys cpu
    for _ in $(seq "$RUNS"); do
        local TIMEFORMAT="%R %U %S"
        { time "$@" >/dev/null 2>&1; } 2>"$WORK/time"
        read -r wall user sys <"$WORK/time"
        cpu="$(echo "$user + $sys" | bc -l)"
        if [ -z "$best_wall" ] || [ "$(echo "$wall < $best_wall" | bc -l)" = 1 ]; then best_wall="$wall"; fi
        if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc -l)" = 1 ]; then best_cpu="$cpu"; fi
    done
    if [ -n "$TIME_BIN" ]; then
        rss="$("$TIME_BIN" -f "%M" "$@" 2>&1 >/dev/null | tail -1)"
    fi
    echo "$best_wall $best_cpu $rss" >"$out"
}

fmt() { printf "%.${2:-3}f" "$1"; }

rows=()
per_version=()
largest=""
for packages in $SIZES; do
    dir="$WORK/p$packages"
    summary="$("$BIN/examples/synth" --out "$dir" --packages "$packages" \
        --types-per-package "$TYPES" --versions "$VERSIONS" --seed "$SEED")"
    versions="$(echo "$summary" | sed -n 's/.*type_versions=\([0-9]*\).*/\1/p')"
    bytes="$(echo "$summary" | sed -n 's/.*bytes=\([0-9]*\).*/\1/p')"
    verdict="$("$BIN/accord" check "$dir" 2>&1 | tail -1)"
    case "$verdict" in
        "check ok:"*" 0 errors, 0 warnings") ;;
        *) echo "generated repository does not check cleanly: $verdict" >&2; exit 1 ;;
    esac
    "$BIN/accord" gen "$dir" --target avro --out "$dir/avro-out" >/dev/null 2>&1
    avsc_bytes="$(find "$dir/avro-out" -name '*.avsc' -print0 | xargs -0 cat | wc -c)"

    measure "$WORK/check" "$BIN/accord" check "$dir"
    read -r wall cpu rss <"$WORK/check"
    if [ -z "$rss" ]; then
        rss="$("$BIN/examples/check_stages" "$dir" --repeat 1 | sed -n 's/.*peak RSS: \([0-9]*\) KB/\1/p')"
    fi
    measure "$WORK/base" "$BIN/examples/json_baseline" "$dir/avro-out"
    read -r base_wall base_cpu _ <"$WORK/base"
    measure "$WORK/cat" sh -c "find '$dir/schemas' -name '*.accord' -exec cat {} + | wc -c"
    read -r cat_wall _ _ <"$WORK/cat"

    us="$(echo "$cpu * 1000000 / $versions" | bc -l)"
    per_version+=("$versions:$us")
    rows+=("| $versions | $(echo "$bytes / 1048576" | bc -l | xargs printf '%.1f') MiB | $(echo "$avsc_bytes / 1048576" | bc -l | xargs printf '%.1f') MiB | $(fmt "$wall") s | $(fmt "$cpu") s | $(echo "$rss / 1024" | bc -l | xargs printf '%.0f') MiB | $(echo "$versions / $cpu" | bc -l | xargs printf '%.0f') | $(fmt "$us" 0) µs | $(fmt "$base_wall") s | $(echo "$wall / $base_wall" | bc -l | xargs printf '%.2f')x | $(fmt "$(echo "$cat_wall * 1000" | bc -l)" 0) ms |")
    largest="$dir"
done

echo
echo "accord check on synthetic monorepos ($TYPES types per package, $VERSIONS epochs, seed $SEED; best of $RUNS runs; $(nproc) cores)"
echo
echo "| type versions | contracts | Avro (.avsc) | check wall | check CPU | peak RSS | versions/s (CPU) | CPU per version | baseline: serde_json parse of the .avsc | check / baseline | cat contracts |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"

measure "$WORK/gen" "$BIN/accord" gen "$largest" --target avro --out "$WORK/gen-out"
read -r gen_wall gen_cpu gen_rss <"$WORK/gen"
echo
echo "accord gen --target avro on the largest: wall $(fmt "$gen_wall") s, CPU $(fmt "$gen_cpu") s${gen_rss:+, peak RSS $((gen_rss / 1024)) MiB}"

first="${per_version[0]}"
last="${per_version[${#per_version[@]}-1]}"
n1="${first%%:*}" t1="${first#*:}" n2="${last%%:*}" t2="${last#*:}"
growth="$(echo "$t2 / $t1" | bc -l)"
exponent="$(echo "1 + l($growth) / l($n2 / $n1)" | bc -l)"
echo
printf 'scaling: CPU per type version %.0f µs at %d -> %.0f µs at %d (x%.2f for x%.1f the size; time ~ n^%.2f)\n' \
    "$t1" "$n1" "$t2" "$n2" "$growth" "$(echo "$n2 / $n1" | bc -l)" "$exponent"
echo
echo "stages of the largest (check_stages, best of 3):"
"$BIN/examples/check_stages" "$largest" --repeat 3
