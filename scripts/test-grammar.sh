#!/usr/bin/env bash
# Checks the editor grammar docs/editor/accord.tmLanguage.json with the TextMate engine of VS Code
# (vscode-textmate on vscode-oniguruma, run by node) against every contract of schemas/,
# compiler/tests/fixtures and the clean examples of docs/*.md (docs/editor.md, "Syntax highlighting").
# Installs node and npm (Debian packages) when node is missing, and the two npm packages, pinned by
# version and integrity (package-lock.json), into ~/.cache/accord-grammar (ACCORD_GRAMMAR_HOME) on the first run.
# Ends with `grammar: N passed, M failed`.
set -euo pipefail
cd "$(dirname "$0")/.."

home="${ACCORD_GRAMMAR_HOME:-$HOME/.cache/accord-grammar}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
fi

# The engine VS Code ships (vscode-textmate 9.2, vscode-oniguruma 2.0); neither has dependencies.
mkdir -p "$home"
cat >"$home/package.json.new" <<'EOF'
{
  "name": "accord-grammar-check",
  "private": true,
  "dependencies": {
    "vscode-oniguruma": "2.0.1",
    "vscode-textmate": "9.2.0"
  }
}
EOF
cat >"$home/package-lock.json.new" <<'EOF'
{
  "name": "accord-grammar-check",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "accord-grammar-check",
      "dependencies": {
        "vscode-oniguruma": "2.0.1",
        "vscode-textmate": "9.2.0"
      }
    },
    "node_modules/vscode-oniguruma": {
      "version": "2.0.1",
      "integrity": "sha512-poJU8iHIWnC3vgphJnrLZyI3YdqRlR27xzqDmpPXYzA93R4Gk8z7T6oqDzDoHjoikA2aS82crdXFkjELCdJsjQ==",
      "license": "MIT"
    },
    "node_modules/vscode-textmate": {
      "version": "9.2.0",
      "integrity": "sha512-rkvG4SraZQaPSN/5XjwKswdU0OP9MF28QjrYzUBbhb8QyG3ljB1Ky996m++jiI7KdiAP2CkBiQZd9pqEDTClqA==",
      "license": "MIT"
    }
  }
}
EOF
installed() {
  node -e 'const v = (p) => require(process.argv[1] + "/node_modules/" + p + "/package.json").version;
    process.exit(v("vscode-textmate") === "9.2.0" && v("vscode-oniguruma") === "2.0.1" ? 0 : 1)' "$home" 2>/dev/null
}
if installed; then
  rm -f "$home/package.json.new" "$home/package-lock.json.new"
else
  mv "$home/package.json.new" "$home/package.json"
  mv "$home/package-lock.json.new" "$home/package-lock.json"
  (cd "$home" && npm install --no-audit --no-fund --loglevel=error)
  installed || { echo "error: the npm packages did not install in $home" >&2; exit 1; }
fi

node docs/editor/check-grammar.mjs "$home/node_modules"
