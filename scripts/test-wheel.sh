#!/usr/bin/env bash
# The Python wheel of the `accord` binary (compiler/pyproject.toml, maturin `bindings = "bin"`):
# builds it, installs it in a fresh virtualenv, and runs the installed `accord` on a copy of the
# example project: `--version`, `check`, and `gen`, which must write every target.
# Ends with `wheel: N passed, M failed`. Release wheels: see docs/install.md.
set -euo pipefail
cd "$(dirname "$0")/.."

home="${ACCORD_WHEEL_HOME:-$HOME/.cache/accord-wheel}"
maturin_pin="maturin==1.16.0"
if [ ! -x "$home/maturin/bin/maturin" ] || [ "$(cat "$home/maturin/.pin" 2>/dev/null)" != "$maturin_pin" ]; then
  rm -rf "$home/maturin"
  python3 -m venv "$home/maturin"
  "$home/maturin/bin/pip" install --quiet --disable-pip-version-check "$maturin_pin"
  echo "$maturin_pin" >"$home/maturin/.pin"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The dev profile reuses what `cargo test` built; the wheel is the same binary either way.
"$home/maturin/bin/maturin" build --quiet --profile dev -m compiler/Cargo.toml -o "$work/dist"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "$work"/dist/accord_cli-*.whl

passed=0
failed=0
check() {
  local what="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "wheel: FAILED: $what" >&2
    failed=$((failed + 1))
  fi
}

accord="$work/venv/bin/accord"
want_version="accord $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
check "accord --version says $want_version" test "$("$accord" --version)" = "$want_version"
mkdir -p "$work/project"
cp -r accord.toml accord.lock schemas "$work/project/"
check "accord check on the example project" "$accord" check "$work/project"
check "accord gen on the example project" "$accord" gen "$work/project"
manifest="$work/project/generated/accord-manifest.json"
check "gen wrote the manifest" test -s "$manifest"
for target in avro jsonschema vectors rust python iceberg spark parquet delta; do
  check "gen wrote the $target target" test -d "$work/project/generated/$target"
done
echo "wheel: $passed passed, $failed failed"
[ "$failed" = 0 ]
