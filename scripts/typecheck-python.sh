#!/usr/bin/env bash
# Type-checks generated Python packages with every type checker accord supports
# (docs/python.md, "Type checkers"), each in its strictest mode and for Python 3.10:
#
#   * mypy --strict, the newest release (pinned in scripts/requirements-test.txt, run by python3);
#   * mypy --strict, the oldest supported release ($MYPY_OLDEST, in its own virtualenv);
#   * pyright in strict mode ($PYRIGHT, from the npm registry; node runs it).
#
#   scripts/typecheck-python.sh DIR...   # each DIR holds one generated package (generated/python)
#   scripts/typecheck-python.sh --install-only
#
# Installs what is missing into $ACCORD_TYPECHECK_HOME (default ~/.cache/accord-typecheck): the
# virtualenv of the oldest mypy (pip) and pyright (npm); node and npm come from apt-get when
# there are none. Later runs reuse them (a stamp or the version says what is there). Exits
# non-zero when a checker reports anything.
set -euo pipefail
cd "$(dirname "$0")/.."

MYPY_OLDEST=1.13.0
PYRIGHT=1.1.414
PYTHON_VERSION=3.10

home="${ACCORD_TYPECHECK_HOME:-$HOME/.cache/accord-typecheck}"
python="${PYTHON:-python3}"
say() { echo "typecheck: $*" >&2; }

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  else
    sudo "$@"
  fi
}

apt_install() {
  say "installing $* with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The oldest mypy in its virtualenv, unless a stamp says it is there.
mypy_oldest="$home/mypy-$MYPY_OLDEST"
if [ "$(cat "$mypy_oldest/.accord-pins" 2>/dev/null)" != "mypy==$MYPY_OLDEST" ]; then
  say "creating $mypy_oldest"
  "$python" -c "import ensurepip" 2>/dev/null || apt_install python3-venv
  rm -rf "$mypy_oldest"
  mkdir -p "$home"
  "$python" -m venv "$mypy_oldest"
  "$mypy_oldest/bin/pip" install --quiet --disable-pip-version-check "mypy==$MYPY_OLDEST"
  echo "mypy==$MYPY_OLDEST" >"$mypy_oldest/.accord-pins"
fi

# pyright from npm, unless that version is there.
pyright_dir="$home/pyright-$PYRIGHT"
pyright="$pyright_dir/node_modules/.bin/pyright"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
if [ "$("$pyright" --version 2>/dev/null)" != "pyright $PYRIGHT" ]; then
  say "installing pyright $PYRIGHT into $pyright_dir"
  rm -rf "$pyright_dir"
  mkdir -p "$pyright_dir"
  npm install --prefix "$pyright_dir" --silent --no-audit --no-fund --no-save "pyright@$PYRIGHT" >/dev/null
fi

if [ "${1:-}" = "--install-only" ]; then
  exit 0
fi
if [ $# = 0 ]; then
  echo "usage: scripts/typecheck-python.sh DIR... (each holding one generated package)" >&2
  exit 2
fi

# The packages: the directories of each DIR that hold an __init__.py (one per DIR).
packages=()
for dir in "$@"; do
  for init in "$dir"/*/__init__.py; do
    packages+=("$(dirname "$init")")
  done
done

mypy_args=(--strict --python-version "$PYTHON_VERSION" --no-incremental --cache-dir /dev/null)
say "$("$python" -m mypy --version) --strict"
"$python" -m mypy "${mypy_args[@]}" "${packages[@]}"
say "$("$mypy_oldest/bin/mypy" --version) --strict"
"$mypy_oldest/bin/mypy" "${mypy_args[@]}" "${packages[@]}"

# pyright reads its mode from a configuration file: strict, and every DIR on the import path.
# It checks the packages named on its command line, and must have checked every file of them.
config_dir="$(mktemp -d)"
trap 'rm -rf "$config_dir"' EXIT
"$python" - "$config_dir/pyrightconfig.json" "$PYTHON_VERSION" "$@" <<'EOF'
import json, os, sys
path, version, *dirs = sys.argv[1:]
config = {
    "typeCheckingMode": "strict",
    "pythonVersion": version,
    "extraPaths": [os.path.abspath(d) for d in dirs],
}
with open(path, "w") as out:
    json.dump(config, out)
EOF
say "pyright $PYRIGHT, strict"
files=$(find "${packages[@]}" -name '*.py' | wc -l)
"$pyright" --project "$config_dir/pyrightconfig.json" --outputjson "${packages[@]}" >"$config_dir/out.json" || true
"$python" - "$config_dir/out.json" "$files" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
for d in report["generalDiagnostics"]:
    start = d["range"]["start"]
    rule = f" ({d['rule']})" if "rule" in d else ""
    print(f"{d['file']}:{start['line'] + 1}:{start['character'] + 1}: {d['severity']}: {d['message']}{rule}")
summary = report["summary"]
print(f"pyright: {summary['filesAnalyzed']} files, {summary['errorCount']} errors, {summary['warningCount']} warnings")
if summary["filesAnalyzed"] != int(sys.argv[2]) or summary["errorCount"] or summary["warningCount"]:
    sys.exit(1)
EOF
