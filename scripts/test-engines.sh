#!/usr/bin/env bash
# The differential tests of accord's per-engine evolution verdicts against the real engines
# (tests/engines/differential.py, docs/engines-tests.md): Iceberg (pyiceberg), Parquet read
# through Arrow (pyarrow), Delta (delta-rs), Spark 3.5 and Spark 4 (pyspark, local[1]) and
# Avro (fastavro).
#
# The first run creates two virtualenvs in $ACCORD_ENGINES_HOME (default
# ~/.cache/accord-engines) with pinned versions from PyPI (about 1 GB, a few minutes); later runs
# reuse them. Spark needs a JVM: without `java`, a headless JDK is installed with apt-get.
#
#   scripts/test-engines.sh                  # build accord, run every case on every engine
#   scripts/test-engines.sh --install-only   # only create the virtualenvs
#   scripts/test-engines.sh --engines parquet,iceberg-v2 --filter 'int->long'
#
# Arguments after the options above are passed to the harness (python differential.py --help).
# Ends with the line `engines: N passed, M failed`; exits non-zero on any disagreement.
set -euo pipefail
cd "$(dirname "$0")/.."

home="${ACCORD_ENGINES_HOME:-$HOME/.cache/accord-engines}"
venv="$home/venv"            # pyarrow, pyiceberg, deltalake, fastavro, pyspark 3.5
venv4="$home/venv-spark4"    # pyspark 4
python="${PYTHON:-python3}"

# Pinned: the versions docs/engines.md and docs/engines-tests.md were observed with.
main_pins=(
  "pyarrow==26.0.1"
  "pyiceberg[sql-sqlite,pyarrow]==0.12.0"
  "deltalake==1.6.6"
  "fastavro==1.13.1"
  "pyspark==3.5.9"
  "pytest==8.3.4"
)
spark4_pins=("pyspark==4.3.0")

# make_venv DIR PIN...: creates DIR with the pins unless a stamp says it has exactly them.
make_venv() {
  local dir="$1"
  shift
  local want="$*"
  if [ -f "$dir/.accord-pins" ] && [ "$(cat "$dir/.accord-pins")" = "$want" ]; then
    return
  fi
  echo "engines: creating $dir ($want)" >&2
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  "$python" -m venv "$dir"
  "$dir/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
  "$dir/bin/pip" install --quiet --disable-pip-version-check "$@"
  echo "$want" >"$dir/.accord-pins"
}

if ! command -v java >/dev/null 2>&1; then
  echo "engines: no java; installing a headless JDK" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jdk-headless >/dev/null
fi

make_venv "$venv" "${main_pins[@]}"
make_venv "$venv4" "${spark4_pins[@]}"

if [ "${1:-}" = "--install-only" ]; then
  exit 0
fi

cargo build --quiet --bin accord
exec "$venv/bin/python" tests/engines/differential.py \
  --accord target/debug/accord \
  --spark4-python "$venv4/bin/python" \
  "$@"
