#!/usr/bin/env bash
# Benchmark: generation time of the Python target for a large synthetic monorepo, side by side with
# datamodel-code-generator producing dataclasses from the equivalent JSON Schemas (which accord
# writes with `--target jsonschema`).
#
#   scripts/bench-python-gen.sh [PACKAGES] [TYPES_PER_PACKAGE]     (default 40 25)
#
# Each package holds one enum and TYPES_PER_PACKAGE records of two versions (every scalar kind,
# decimals, timestamps, optionals, lists, maps, a union, references to other records, some into
# the previous package).
# datamodel-code-generator is installed into a throw-away virtualenv (only here, never a
# dependency of accord or of the generated code).
set -euo pipefail
cd "$(dirname "$0")/.."
packages="${1:-40}"
per_package="${2:-25}"
work="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

python3 - "$work/synth" "$packages" "$per_package" <<'PY'
import pathlib, sys
root, packages, per = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
(root / "schemas").mkdir(parents=True)
(root / "accord.toml").write_text('[project]\nschemas = "schemas"\n\n[gen.python]\npackage = "synth_py"\n')
for p in range(packages):
    out = [f"package synth.p{p:03};", ""]
    out += ["/// A state.", "enum State { NEW, OPEN, CLOSED; default NEW }", ""]
    for t in range(per):
        # Reference chains stay short (at most 10 records deep), as in real schemas.
        other = f"Rec{t - 1:03}" if t % 5 else None
        if t == 5 and p:
            other = f"synth.p{p - 1:03}.Rec004"
        ref = f"    parent: {other}@VERSION? = null;\n" if other else ""
        body = (
            "    id: uuid @key;\n    name: string;\n    count: int @unit(\"items\");\n"
            "    total: long;\n    price: decimal(12, 2);\n    ratio: double;\n"
            "    at: timestamp_ms;\n    note: string? = null;\n    state: State = NEW;\n"
            "    tags: map<string> = {};\n    codes: list<long> = [];\n"
            "    choice: union<string, long, bool>? = null;\n" + ref
        )
        out += [
            f"/// Synthetic record {t} of package {p}.",
            f"record Rec{t:03} {{",
            "  version 1 {", body.replace("VERSION", "1") + "  }",
            "  version 2 {", body.replace("VERSION", "2") + "    day: date? = null;\n    blob: bytes = \"\";\n  }",
            "}", "",
        ]
    (root / "schemas" / f"p{p:03}.accord").write_text("\n".join(out))
PY

echo "synthetic project: $packages packages x $per_package records x 2 versions (+ 1 enum each)"
cargo build -q --release --bin accord
accord="${CARGO_TARGET_DIR:-target}/release/accord"

now() { python3 -c 'import time; print(time.monotonic())'; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }

"$accord" check "$work/synth" >&2
t0=$(now); "$accord" check "$work/synth" >/dev/null 2>&1; t1=$(now)
check_s=$(elapsed "$t0" "$t1")
t0=$(now); "$accord" gen --target python --out "$work/py" "$work/synth" 2>/dev/null; t1=$(now)
python_s=$(elapsed "$t0" "$t1")
t0=$(now); "$accord" gen --target jsonschema --out "$work/js" "$work/synth" 2>/dev/null; t1=$(now)
jsonschema_s=$(elapsed "$t0" "$t1")
py_files=$(find "$work/py/python" -name '*.py' | wc -l)
py_lines=$(cat $(find "$work/py/python" -name '*.py') | wc -l)
js_files=$(find "$work/js/jsonschema" -name '*.json' | wc -l)

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check datamodel-code-generator
dmcg_version=$("$work/venv/bin/datamodel-codegen" --version)
t0=$(now)
"$work/venv/bin/datamodel-codegen" --input "$work/js/jsonschema" --input-file-type jsonschema \
  --output-model-type dataclasses.dataclass --output "$work/dmcg" --disable-timestamp >/dev/null 2>&1
t1=$(now)
dmcg_s=$(elapsed "$t0" "$t1")
dmcg_files=$(find "$work/dmcg" -name '*.py' | wc -l)

cat <<REPORT

| step | time (s) | output |
|---|---|---|
| accord check (parse, resolve, compatibility) | $check_s | |
| accord gen --target python (check included) | $python_s | $py_files Python files, $py_lines lines |
| accord gen --target jsonschema (check included) | $jsonschema_s | $js_files JSON Schemas |
| $dmcg_version, dataclasses from those JSON Schemas | $dmcg_s | $dmcg_files Python files |
REPORT
