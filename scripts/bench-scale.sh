#!/usr/bin/env bash
# The monorepo scale benchmark (issue 15): a seeded synthetic monorepo of Avro schemas
# (`compiler/examples/avro_monorepo.rs`: one .avsc per top-level record, about records/12
# namespaces), imported with `accord import avro`, then `accord check` and `accord gen` per target
# and for all, the Python import time of the generated package, the build of the generated crate,
# pathological inputs (a deep chain of records, one very wide record), and the peers on the same
# .avsc files in the same run. Prints one Markdown table per size. See docs/scale.md.
#
#   scripts/bench-scale.sh [SIZES]          (default "1000"; e.g. "1000 10000")
#
# Environment: SKIP_PEERS=1 (no peers), SKIP_RUSTC=1 (no rustc builds of generated code),
# SKIP_PATHOLOGICAL=1 (no deep chain / wide record), STEPS (the groups to run, default
# "accord peers rustc pathological": on a busy machine they can run as separate concurrent jobs,
# each in its own WORK, and CPU times stay comparable), SEED (default 1), TIMEOUT (seconds per step,
# default 900; a step over it is reported as ">TIMEOUT s"), RUSTC_TIMEOUT (per build, default 600),
# CHAIN="200 3000", WIDE=100000, WORK=DIR (keep everything there; default a temporary directory,
# removed at exit unless KEEP=1).
#
# Peers are installed on first use into $CARGO_TARGET_DIR/bench-tools (never dependencies of
# accord): rsgen-avro and cargo-typify with `cargo install --locked`, datamodel-code-generator,
# dataclasses-avroschema and fastavro with pip into a virtualenv. Wall time and peak RSS of every
# step come from GNU time (`%e`, `%M`: the largest process, children included; not a rustc killed
# by the timeout, which nobody reaps), except for cargo builds, where cargo runs several rustc at
# once: their RSS is the peak of the summed RSS of every rustc process on the machine, sampled
# every 0.2 s (so run nothing else that compiles meanwhile). Every step runs once: these are
# minutes-long steps, not microbenchmarks.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${1:-${SIZES:-1000}}"
SEED="${SEED:-1}"
TIMEOUT="${TIMEOUT:-900}"
RUSTC_TIMEOUT="${RUSTC_TIMEOUT:-600}"
CHAIN="${CHAIN:-200 3000}"
WIDE="${WIDE:-100000}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
TOOLS="$CARGO_TARGET_DIR/bench-tools"
STEPS="${STEPS:-accord peers rustc pathological}"
[ -z "${SKIP_PEERS:-}" ] || STEPS="${STEPS/peers/}"
[ -z "${SKIP_RUSTC:-}" ] || STEPS="${STEPS/rustc/}"
[ -z "${SKIP_PATHOLOGICAL:-}" ] || STEPS="${STEPS/pathological/}"
# wants GROUP: whether GROUP is one of $STEPS.
wants() { [[ " $STEPS " == *" $1 "* ]]; }
if [ -n "${WORK:-}" ]; then
    mkdir -p "$WORK"
else
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/accord-scale-XXXXXX")"
    [ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
fi
WORK="$(cd "$WORK" && pwd)"
cd "$ROOT"

if ! /usr/bin/time -f %e true >/dev/null 2>&1; then
    apt-get install -y -qq time >/dev/null
fi

cargo build --release -q -p accord-compiler --bin accord --example avro_monorepo
ACCORD="$CARGO_TARGET_DIR/release/accord"
GENERATOR="$CARGO_TARGET_DIR/release/examples/avro_monorepo"

# ---- peers ---------------------------------------------------------------------------------------

install_peers() {
    local cargo_root="$TOOLS/cargo"
    if [ ! -x "$cargo_root/bin/rsgen-avro" ]; then
        CARGO_TARGET_DIR="$TOOLS/build" cargo install -q --locked rsgen-avro --features build-cli \
            --root "$cargo_root"
    fi
    if [ ! -x "$cargo_root/bin/cargo-typify" ]; then
        CARGO_TARGET_DIR="$TOOLS/build" cargo install -q --locked cargo-typify --root "$cargo_root"
    fi
    if [ ! -x "$TOOLS/venv/bin/datamodel-codegen" ]; then
        python3 -m venv "$TOOLS/venv"
        "$TOOLS/venv/bin/pip" install -q --disable-pip-version-check \
            datamodel-code-generator dataclasses-avroschema fastavro
    fi
    RSGEN="$cargo_root/bin/rsgen-avro"
    TYPIFY="$cargo_root/bin/cargo-typify"
    VPY="$TOOLS/venv/bin/python"
}

# ---- measuring -----------------------------------------------------------------------------------

declare -A WALL CPU RSS NOTE OUT

# measure KEY LIMIT CMD...: runs CMD once under GNU time and `timeout LIMIT`, its output in
# $WORK/logs/KEY.log; sets WALL[KEY] (seconds, or ">LIMIT" when it timed out), CPU[KEY] (user +
# system seconds, children included), RSS[KEY] (MiB) and NOTE[KEY] ("" when it exited 0, else
# "exit N" or "timeout"). Never fails itself.
measure() {
    local key="$1" limit="$2"
    shift 2
    local log="$WORK/logs/$key.log" times="$WORK/logs/$key.time" rc=0
    mkdir -p "$WORK/logs"
    /usr/bin/time -f "%e %M %U %S" -o "$times" timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1 || rc=$?
    # A step killed from outside leaves no line: report it as such rather than stop the run.
    local wall="-" rss=0 user=0 sys=0
    read -r wall rss user sys < <(grep -E '^[0-9.]+ [0-9]+ [0-9.]+ [0-9.]+$' "$times" | tail -1) ||
        rc=killed
    RSS[$key]="$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')"
    CPU[$key]="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
    case "$rc" in
        0) WALL[$key]="$wall" NOTE[$key]="" ;;
        124 | 137) WALL[$key]=">$limit" NOTE[$key]="timeout" ;;
        killed) WALL[$key]="-" NOTE[$key]="killed" ;;
        *) WALL[$key]="$wall" NOTE[$key]="exit $rc" ;;
    esac
    printf '  %-28s %8s s wall %8s s CPU %7s MiB %s\n' "$key" "${WALL[$key]}" "${CPU[$key]}" \
        "${RSS[$key]}" "${NOTE[$key]}" >&2
}

# size_of DIR [FIND ARGS...]: "N files, X MB" of the files under DIR (matching the find tests).
size_of() {
    local dir="$1"
    shift
    [ -d "$dir" ] || { echo "-"; return; }
    find "$dir" -type f "$@" -printf '%s\n' |
        awk '{ n++; b += $1 } END { printf "%d files, %.1f MB", n, b / 1e6 }'
}

# diagnostic_codes LOG: the distinct diagnostic codes in a log ("error[I001]" -> I001).
diagnostic_codes() {
    grep -oE '(error|warning)\[[A-Z]+[0-9]+\]' "$1" | sed -E 's/.*\[(.*)\]/\1/' | sort -u |
        paste -sd, - || true
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) { print "-"; exit }
        printf "%.2fx", a / b }'
}

# python_import KEY DIR STATEMENT: time of `python3 -c STATEMENT` with DIR on the path, without
# bytecode cache (a first import, as after installing from source); the best of 3 by wall time.
python_import() {
    local key="$1" dir="$2" statement="$3" best="" best_cpu="" best_rss=""
    for _ in 1 2 3; do
        measure "$key" "$TIMEOUT" env PYTHONPATH="$dir" PYTHONDONTWRITEBYTECODE=1 python3 -c "$statement"
        if [ -z "$best" ] || awk -v a="${WALL[$key]}" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best="${WALL[$key]}" best_cpu="${CPU[$key]}" best_rss="${RSS[$key]}"
        fi
    done
    WALL[$key]="$best" CPU[$key]="$best_cpu" RSS[$key]="$best_rss"
}

# ---- builds of generated Rust --------------------------------------------------------------------

# build_crate KEY DIR DEPENDENCIES...: `cargo build` of the crate in DIR, for each profile of
# $PROFILES (default "debug release"), after building its DEPENDENCIES untimed with the same
# profile into the same target directory, so that KEY_debug and KEY_release measure the crate's
# own compilation.
build_crate() {
    local key="$1" dir="$2" profile flag
    shift 2
    local packages=()
    for dependency in "$@"; do packages+=(-p "$dependency"); done
    for profile in ${PROFILES:-debug release}; do
        flag=""
        [ "$profile" = release ] && flag="--release"
        (cd "$dir" && cargo build -q ${flag:+"$flag"} --target-dir "$dir/target" "${packages[@]}" \
            >"$WORK/logs/${key}_deps_$profile.log" 2>&1) || true
        local peak="$WORK/logs/${key}_$profile.peak" sampler
        echo 0 >"$peak"
        sample_rustc_rss "$peak" &
        sampler=$!
        measure "${key}_$profile" "$RUSTC_TIMEOUT" \
            sh -c "cd '$dir' && exec cargo build -q $flag --target-dir '$dir/target'"
        kill "$sampler" 2>/dev/null || true
        wait "$sampler" 2>/dev/null || true
        RSS[${key}_$profile]="$(awk '{ printf "%.0f", $1 / 1024 }' "$peak")"
        printf '  %-28s %43s MiB, all rustc at once\n' "${key}_$profile" "${RSS[${key}_$profile]}" >&2
    done
}

# sample_rustc_rss FILE: until killed, keeps in FILE the largest sum of the RSS (KiB) of all rustc
# processes seen, sampled every 0.2 s.
sample_rustc_rss() {
    local peak=0 sum
    while :; do
        sum="$(ps -C rustc -o rss= | awk '{ s += $1 } END { print s + 0 }')"
        if [ "$sum" -gt "$peak" ]; then
            peak="$sum"
            echo "$peak" >"$1"
        fi
        sleep 0.2
    done
}

# rsgen_crate DIR FILE: a crate around rsgen-avro's output FILE with the dependencies its code uses.
rsgen_crate() {
    local dir="$1" file="$2"
    mkdir -p "$dir/src"
    cp "$file" "$dir/src/lib.rs"
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "rsgen_bench"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
serde = { version = "1", features = ["derive"] }
apache-avro = "0.21"

[workspace]
TOML
}

# ---- one size ------------------------------------------------------------------------------------

# Python helpers, run with the peers' virtualenv.
write_python_helpers() {
    cat >"$WORK/validate.py" <<'PY'
"""Parses every .avsc given on stdin (paths) with fastavro, each on its own, as a reader would."""
import json, sys
import fastavro
paths = sys.stdin.read().split()
for path in paths:
    with open(path) as f:
        fastavro.parse_schema(json.load(f), named_schemas={})
print(f"fastavro.parse_schema accepted all {len(paths)} files")
PY
    cat >"$WORK/dc_avro.py" <<'PY'
"""dataclasses-avroschema: one module of dataclasses from every .avsc (paths on stdin)."""
import json, sys
from dataclasses_avroschema import ModelGenerator
schemas = []
for path in sys.stdin.read().split():
    with open(path) as f:
        schemas.append(json.load(f))
module = ModelGenerator().render_module(schemas=schemas)
with open(sys.argv[1], "w") as out:
    out.write(module)
PY
}

run_corpus() {
    local n="$1" dir="$2"
    "$GENERATOR" monorepo --out "$dir/avsc" --records "$n" --seed "$SEED" >"$dir/corpus.txt"
    (cd "$dir/avsc" && find . -name '*.avsc' | sed 's|^\./||' | sort) >"$dir/files.txt"
    echo "corpus: $(cat "$dir/corpus.txt")" >&2
    if [ -x "${VPY:-}" ]; then
        (cd "$dir/avsc" && "$VPY" "$WORK/validate.py" <"$dir/files.txt") >&2
    fi
}

run_accord() {
    local dir="$1" target
    mkdir -p "$dir/project"
    printf '[project]\nschemas = "schemas"\n\n[gen.python]\npackage = "bench_gen"\n' \
        >"$dir/project/accord.toml"
    # Every file in one call: a type is declared once, so the files must be imported together.
    measure import "$TIMEOUT" sh -c "cd '$dir/avsc' && exec '$ACCORD' import avro \
        --out '$dir/project/schemas' \$(cat '$dir/files.txt')"
    tail -1 "$WORK/logs/import.log" >&2
    OUT[import]="$(size_of "$dir/project/schemas")"
    wants accord || return 0
    measure check "$TIMEOUT" "$ACCORD" check "$dir/project"
    tail -1 "$WORK/logs/check.log" >&2
    for target in avro jsonschema vectors rust python all; do
        measure "gen_$target" "$TIMEOUT" "$ACCORD" gen --target "$target" \
            --out "$dir/gen-$target" "$dir/project"
    done
    OUT[gen_avro]="$(size_of "$dir/gen-avro/avro")"
    OUT[gen_jsonschema]="$(size_of "$dir/gen-jsonschema/jsonschema")"
    OUT[gen_vectors]="$(size_of "$dir/gen-vectors/vectors")"
    OUT[gen_rust]="$(size_of "$dir/gen-rust/rust")"
    OUT[gen_python]="$(size_of "$dir/gen-python/python" -name '*.py')"
    OUT[gen_all]="$(size_of "$dir/gen-all")"

    # The generated Python package: its root, then the root and the module of one top-level record.
    local py="$dir/gen-python/python" first module
    first="$(head -1 "$dir/files.txt")"
    module="$(dirname "$first" | tr / .)"
    if [ -d "$py/bench_gen" ]; then
        python_import py_import_root "$py" "import bench_gen"
        python_import py_import_one "$py" "import bench_gen; import bench_gen.$module"
        OUT[py_import_one]="bench_gen.$module"
    fi

}

run_rustc() {
    local dir="$1"
    measure gen_crate "$TIMEOUT" "$ACCORD" gen --crate bench_gen --runtime-path "$ROOT/runtime" \
        --out "$dir/crate" "$dir/project"
    OUT[gen_crate]="$(size_of "$dir/crate" -not -path "$dir/crate/target/*" -name '*.rs')"
    build_crate crate "$dir/crate" accord-runtime
    if [ ! -f "$dir/rsgen.rs" ] && [ -n "${RSGEN:-}" ]; then
        "$RSGEN" "$dir/avsc/**/*.avsc" "$dir/rsgen.rs" >/dev/null
    fi
    if [ -f "$dir/rsgen.rs" ]; then
        rsgen_crate "$dir/rsgen-crate" "$dir/rsgen.rs"
        PROFILES=debug build_crate rsgen_crate "$dir/rsgen-crate" serde apache-avro
    fi
}

run_peers() {
    local dir="$1"
    local roots="$dir/peer-jsonschema"
    # rsgen-avro: its CLI takes a glob of schema files and writes one Rust file.
    if [ ! -d "$dir/gen-jsonschema" ]; then
        "$ACCORD" gen --target jsonschema --out "$dir/gen-jsonschema" "$dir/project" >/dev/null 2>&1
    fi
    measure rsgen "$TIMEOUT" "$RSGEN" "$dir/avsc/**/*.avsc" "$dir/rsgen.rs"
    OUT[rsgen]="$(size_of "$dir" -maxdepth 1 -name rsgen.rs)"
    # cargo-typify and datamodel-codegen read JSON Schema, not Avro: they get accord's JSON Schema
    # of each top-level record (self-contained, nested types in `$defs`), one file per record.
    rm -rf "$roots"
    mkdir -p "$roots"
    while read -r file; do
        local flat="${file%.avsc}"
        cp "$dir/gen-jsonschema/jsonschema/${flat}.schema.json" "$roots/$(echo "$flat" | tr / .).json"
    done <"$dir/files.txt"
    mkdir -p "$dir/typify"
    measure typify "$TIMEOUT" sh -c "for f in '$roots'/*.json; do \
        '$TYPIFY' typify \"\$f\" --output '$dir/typify/'\$(basename \"\$f\" .json).rs || exit 1; done"
    OUT[typify]="$(size_of "$dir/typify")"
    measure dmcg "$TIMEOUT" "$TOOLS/venv/bin/datamodel-codegen" --input "$roots" \
        --input-file-type jsonschema --output-model-type dataclasses.dataclass \
        --output "$dir/dmcg" --disable-timestamp
    OUT[dmcg]="$(size_of "$dir/dmcg" -name '*.py')"
    measure dcavro "$TIMEOUT" sh -c "cd '$dir/avsc' && exec '$VPY' '$WORK/dc_avro.py' \
        '$dir/dc_avro.py' <'$dir/files.txt'"
    OUT[dcavro]="$(size_of "$dir" -maxdepth 1 -name dc_avro.py)"
}

# ---- pathological inputs -------------------------------------------------------------------------

# outcome KEY: "ok", or the diagnostic codes of a step that refused its input, or what went wrong.
outcome() {
    local key="$1" codes
    case "${NOTE[$key]}" in
        "") echo "ok" ;;
        timeout) echo "timeout" ;;
        "exit 1")
            codes="$(diagnostic_codes "$WORK/logs/$key.log")"
            echo "refused: ${codes:-no code}"
            ;;
        *) echo "${NOTE[$key]} (crash: $(grep -m1 -oE "panicked at [^ ]+|stack overflow|Killed" \
            "$WORK/logs/$key.log" || echo "no diagnostic"))" ;;
    esac
}

PATHOLOGICAL_ROWS=()

pathological_steps() {
    local label="$1" prefix="$2" project="$3"
    measure "${prefix}_check" "$TIMEOUT" "$ACCORD" check "$project"
    measure "${prefix}_gen_all" "$TIMEOUT" "$ACCORD" gen --target all --out "$project/../gen" "$project"
    for step in check gen_all; do
        local key="${prefix}_$step"
        PATHOLOGICAL_ROWS+=("| $label | ${step/_/ } | ${WALL[$key]} | ${CPU[$key]} | ${RSS[$key]} | $(outcome "$key") |")
    done
}

run_pathological() {
    local dir="$WORK/pathological" n d
    for n in $CHAIN; do
        d="$dir/chain$n"
        "$GENERATOR" chain --out "$d" --length "$n"
        mkdir -p "$d/imported"
        printf '[project]\nschemas = "schemas"\n' >"$d/imported/accord.toml"
        measure "chain${n}_import" "$TIMEOUT" "$ACCORD" import avro --out "$d/imported/schemas" \
            "$d/Link0.avsc"
        PATHOLOGICAL_ROWS+=("| chain of $n records, one nested .avsc | import avro | ${WALL[chain${n}_import]} | ${CPU[chain${n}_import]} | ${RSS[chain${n}_import]} | $(outcome "chain${n}_import") |")
        pathological_steps "chain of $n records, as contracts (each names the next)" "chain$n" \
            "$d/project"
    done
    d="$dir/wide"
    "$GENERATOR" wide --out "$d" --fields "$WIDE"
    mkdir -p "$d/imported"
    printf '[project]\nschemas = "schemas"\n' >"$d/imported/accord.toml"
    measure wide_import "$TIMEOUT" "$ACCORD" import avro --out "$d/imported/schemas" "$d/Wide.avsc"
    PATHOLOGICAL_ROWS+=("| record of $WIDE fields | import avro | ${WALL[wide_import]} | ${CPU[wide_import]} | ${RSS[wide_import]} | $(outcome wide_import) |")
    if [ -z "${NOTE[wide_import]}" ]; then
        pathological_steps "record of $WIDE fields (imported)" wide "$d/imported"
    fi
}

# ---- the report ----------------------------------------------------------------------------------

# row KEY LABEL [PEER_KEY PEER_LABEL]: one line of the table ("-" for what was not measured).
row() {
    local key="$1" label="$2" peer="${3:-}" peer_label="${4:-}"
    local wall="${WALL[$key]:--}" cpu="${CPU[$key]:--}" rss="${RSS[$key]:--}" out="${OUT[$key]:-}"
    [ -n "${NOTE[$key]:-}" ] && [ "${NOTE[$key]}" != timeout ] && out="${NOTE[$key]}${out:+; $out}"
    local peer_wall="-" peer_cpu="-" peer_rss="-" peer_out="" r="-"
    if [ -n "$peer" ] && [ -n "${WALL[$peer]:-}" ]; then
        peer_wall="${WALL[$peer]}" peer_cpu="${CPU[$peer]}" peer_rss="${RSS[$peer]}" peer_out="${OUT[$peer]:-}"
        [ -n "${NOTE[$peer]:-}" ] && [ "${NOTE[$peer]}" != timeout ] && peer_out="${NOTE[$peer]}${peer_out:+; $peer_out}"
        r="$(ratio "$wall" "$peer_wall") / $(ratio "$cpu" "$peer_cpu")"
    fi
    echo "| $label | $wall | $cpu | $rss | ${out:--} | ${peer_label:--} | $peer_wall | $peer_cpu | $peer_rss | ${peer_out:--} | $r |"
}

report() {
    local n="$1" dir="$2"
    echo
    echo "### $n top-level records (seed $SEED)"
    echo
    echo "Corpus: $(cat "$dir/corpus.txt")"
    echo
    echo "| step | wall (s) | CPU (s) | peak RSS (MiB) | output | peer | peer wall (s) | peer CPU (s) | peer RSS (MiB) | peer output | accord / peer (wall / CPU) |"
    echo "|---|---:|---:|---:|---|---|---:|---:|---:|---|---:|"
    row import "accord import avro (all files, one call)"
    row check "accord check"
    row gen_avro "accord gen --target avro"
    row gen_jsonschema "accord gen --target jsonschema"
    row gen_vectors "accord gen --target vectors"
    row gen_rust "accord gen --target rust" rsgen "rsgen-avro (.avsc)"
    row gen_rust "accord gen --target rust" typify "cargo-typify (accord's JSON Schema, one call per record)"
    row gen_python "accord gen --target python" dcavro "dataclasses-avroschema render_module (.avsc)"
    row gen_python "accord gen --target python" dmcg "datamodel-codegen (accord's JSON Schema, dataclasses)"
    row gen_all "accord gen (all targets)"
    row py_import_root "python -c 'import bench_gen' (best of 3)"
    row py_import_one "python: import bench_gen + one record's module (best of 3)"
    row gen_crate "accord gen --crate"
    row crate_debug "cargo build of the generated crate (debug; dependencies prebuilt)" rsgen_crate_debug "cargo build of rsgen-avro's output (debug)"
    row crate_release "cargo build of the generated crate (release)" rsgen_crate_release "cargo build of rsgen-avro's output (release)"
}

machine() {
    echo "Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), \
$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(uname -sr); $(rustc --version); $(python3 --version); \
load average at start $(cut -d' ' -f1-3 /proc/loadavg) (other work shares the machine: CPU times are steadier than wall times); accord at $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- compiler || echo '+changes')."
    [ -n "${RSGEN:-}" ] && echo "Peers: $("$RSGEN" --version 2>/dev/null || echo rsgen-avro), \
$("$TYPIFY" typify --version 2>/dev/null || echo cargo-typify), datamodel-code-generator \
$("$TOOLS/venv/bin/datamodel-codegen" --version | grep -oE '[0-9][0-9.]*' | head -1), dataclasses-avroschema \
$("$VPY" -c 'import importlib.metadata as m; print(m.version("dataclasses-avroschema"))')."
    return 0
}

# ---- main ----------------------------------------------------------------------------------------

write_python_helpers
if wants peers || wants rustc; then
    install_peers
elif python3 -c 'import fastavro' 2>/dev/null; then
    VPY="$(command -v python3)"
fi

{
    echo "## Monorepo scale: $(date -u +%Y-%m-%d)"
    echo
    machine
} >"$WORK/report.md"
for n in $SIZES; do
    wants accord || wants peers || wants rustc || break
    WALL=() CPU=() RSS=() NOTE=() OUT=()
    dir="$WORK/n$n"
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "== $n records in $dir" >&2
    run_corpus "$n" "$dir"
    run_accord "$dir"
    if wants peers; then run_peers "$dir"; fi
    if wants rustc; then run_rustc "$dir"; fi
    report "$n" "$dir" >>"$WORK/report.md"
done
if wants pathological; then
    WALL=() CPU=() RSS=() NOTE=() OUT=()
    echo "== pathological inputs" >&2
    run_pathological
    {
        echo
        echo "### Pathological inputs (each must give a result or a coded diagnostic)"
        echo
        echo "| input | step | wall (s) | CPU (s) | peak RSS (MiB) | result |"
        echo "|---|---|---:|---:|---:|---|"
        printf '%s\n' "${PATHOLOGICAL_ROWS[@]}"
    } >>"$WORK/report.md"
fi
cat "$WORK/report.md"
