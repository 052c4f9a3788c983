#!/usr/bin/env bash
# Runs every test of accord: formatting and lints, the Rust workspace (unit, golden, snapshot and
# differential tests against the Java Avro oracle), and the Python consumers of generated output:
# the generated Python packages (mypy --strict at the newest and the oldest supported release,
# pyright strict; pytest over every test vector).
# Installs the Python packages the tests need when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt

# The Java Avro 1.12 reference the differential tests compare with (tests/oracle/; the first run
# downloads its jars from PyPI into ~/.cache/accord-oracle-own). Then the same setup in a bare clone
# of HEAD, with nothing beside it, as a user who clones the repository gets it (counted as one test).
# Without the oracle, set ACCORD_SKIP_ORACLE=1.
bare_passed=0
if [ "${ACCORD_SKIP_ORACLE:-0}" != 1 ]; then
  bash tests/oracle/setup.sh
  bash tests/oracle/check-bare-clone.sh
  bare_passed=1
else
  echo "skipped: the Java Avro oracle, its bare-clone check and the differential tests (ACCORD_SKIP_ORACLE=1)" >&2
fi

export INSTA_UPDATE=no
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

# Packaging: every crate packages from its own folder (the compiler's templates come from the
# accord-templates crate), and the derive macros do not compile clap (the command line is the
# compiler's `cli` feature).
cargo package --workspace --no-verify --allow-dirty --quiet
if cargo tree -p accord-macros -e normal --prefix none | grep -q '^clap '; then
  echo "error: accord-macros depends on clap" >&2
  exit 1
fi

# Rust: every test of the workspace.
cargo_log=$(mktemp)
generated="$(mktemp -d)"
trap 'rm -rf "$cargo_log" "$generated"' EXIT
# tests/tests/layouts.rs writes its random layout cases here; tests/python replays them.
export ACCORD_LAYOUT_PROPERTIES="$generated/layout-properties.json"
cargo test --workspace 2>&1 | tee "$cargo_log"
passed=$( (grep -Eo '^test result: [a-zA-Z]+\. [0-9]+ passed' "$cargo_log" || true) | awk '{s += $4} END {print s + 0}')
failed=$( (grep -Eo '[0-9]+ failed' "$cargo_log" || true) | awk '{s += $1} END {print s + 0}')

# The Python target: generate with the real CLI (the debug binary cargo test built) for the
# bundled contracts and the fixtures (every construct, hostile names, hooks, contract keys and every segment kind,
# state machines),
# type-check every package with each supported type checker (scripts/typecheck-python.sh: mypy
# --strict at the newest and at the oldest supported release, pyright strict; installs the last
# two on the first run), and run tests/python against the packages and the test vectors.
declare -A projects=(
  [shop]=.
  [kitchen]=compiler/tests/fixtures/kitchen
  [hostile]=compiler/tests/fixtures/hostile_python
  [hooks]=compiler/tests/fixtures/hooks
  [boundary]=compiler/tests/fixtures/boundary
  [evolution]=compiler/tests/fixtures/evolution
  [machines]=compiler/tests/fixtures/machines
)
pythonpath=""
python_dirs=()
for name in shop kitchen hostile hooks boundary evolution machines; do
  cargo run -q --bin accord -- gen --target python --target vectors --target iceberg --target spark \
    --target parquet --target delta --out "$generated/$name" "${projects[$name]}"
  pythonpath="$pythonpath${pythonpath:+:}$generated/$name/python"
  python_dirs+=("$generated/$name/python")
done
bash scripts/typecheck-python.sh "${python_dirs[@]}"
pytest_log=$(mktemp)
ACCORD_PY_GENERATED="$generated" PYTHONPATH="$pythonpath" python3 -m pytest -q -p no:cacheprovider tests/python \
  --ignore=tests/python/test_tables_spark.py 2>&1 | tee "$pytest_log"
py_passed=$( (grep -Eo '[0-9]+ passed' "$pytest_log" || true) | tail -1 | awk '{print $1 + 0}')
py_failed=$( (grep -Eo '[0-9]+ failed' "$pytest_log" || true) | tail -1 | awk '{print $1 + 0}')
rm -f "$pytest_log"

# The engines: accord's per-engine verdicts against pyiceberg, pyarrow, deltalake and PySpark 3.5
# and 4 themselves (tests/engines, docs/engines-tests.md; installs them in their own
# virtualenvs on the first run). ACCORD_SKIP_ENGINES=1 skips them.
engines_passed=0
engines_failed=0
if [ "${ACCORD_SKIP_ENGINES:-0}" != 1 ]; then
  engines_log=$(mktemp)
  bash scripts/test-engines.sh 2>&1 | tee "$engines_log" || true
  # The generated Spark helpers (reads, validate, joins) need PySpark: run their tests in the
  # engines' virtualenv, which has it.
  engines_python="${ACCORD_ENGINES_HOME:-$HOME/.cache/accord-engines}/venv/bin/python"
  spark_log=$(mktemp)
  ACCORD_PY_GENERATED="$generated" PYTHONPATH="$pythonpath" "$engines_python" -m pytest -q \
    -p no:cacheprovider tests/python/test_tables_spark.py 2>&1 | tee "$spark_log" || true
  spark_passed=$( (grep -Eo '[0-9]+ passed' "$spark_log" || true) | tail -1 | awk '{print $1 + 0}')
  spark_failed=$( (grep -Eo '[0-9]+ (failed|error)' "$spark_log" || true) | awk '{s += $1} END {print s + 0}')
  if [ "${spark_passed:-0}" = 0 ]; then
    echo "error: the Spark helper tests ran no test" >&2
    spark_failed=$((spark_failed + 1))
  fi
  rm -f "$spark_log"
  engines_line=$(grep -E '^engines: [0-9]+ passed, [0-9]+ failed' "$engines_log" | tail -1)
  if [ -z "$engines_line" ]; then
    echo "error: the engine tests did not finish" >&2
    engines_failed=1
  else
    engines_passed=$(echo "$engines_line" | awk '{print $2}')
    engines_failed=$(echo "$engines_line" | awk '{print $4}')
  fi
  engines_passed=$((engines_passed + ${spark_passed:-0}))
  engines_failed=$((engines_failed + spark_failed))
  rm -f "$engines_log"
else
  echo "skipped: the engine differential tests (ACCORD_SKIP_ENGINES=1)" >&2
fi

# The Python wheel of the binary: built, installed in a fresh virtualenv, run on the example
# project (scripts/test-wheel.sh, docs/install.md).
wheel_log=$(mktemp)
bash scripts/test-wheel.sh 2>&1 | tee "$wheel_log" || true
wheel_line=$(grep -E '^wheel: [0-9]+ passed, [0-9]+ failed' "$wheel_log" | tail -1)
wheel_passed=$(echo "${wheel_line:-wheel: 0 passed, 1 failed}" | awk '{print $2}')
wheel_failed=$(echo "${wheel_line:-wheel: 0 passed, 1 failed}" | awk '{print $4}')
rm -f "$wheel_log"

# The editor grammar: docs/editor/accord.tmLanguage.json tokenized by VS Code's TextMate engine
# over every contract (scripts/test-grammar.sh, docs/editor.md; installs node and two pinned npm
# packages on the first run).
grammar_log=$(mktemp)
bash scripts/test-grammar.sh 2>&1 | tee "$grammar_log" || true
grammar_line=$(grep -E '^grammar: [0-9]+ passed, [0-9]+ failed' "$grammar_log" | tail -1)
grammar_passed=$(echo "${grammar_line:-grammar: 0 passed, 1 failed}" | awk '{print $2}')
grammar_failed=$(echo "${grammar_line:-grammar: 0 passed, 1 failed}" | awk '{print $4}')
rm -f "$grammar_log"

# One closing line for the whole run (cargo prints one per test binary, pytest one, the bare-clone
# check one).
echo "total: $((passed + ${py_passed:-0} + bare_passed + engines_passed + wheel_passed + grammar_passed)) passed, $((failed + ${py_failed:-0} + engines_failed + wheel_failed + grammar_failed)) failed"
if [ "$engines_failed" != 0 ] || [ "$wheel_failed" != 0 ] || [ "$grammar_failed" != 0 ]; then
  exit 1
fi
