#!/usr/bin/env bash
# Checks that a bare clone of this repository sets its Avro oracle up by itself: clones HEAD into a
# temporary directory with nothing beside it (no ../shared), runs the clone's tests/oracle/setup.sh
# there (which self-tests: the fingerprint of "null" and one compat pair) and asks the clone's
# runner one question over the protocol. It uses the usual oracle cache, so a warm cache is not
# downloaded again. Prints one closing line, "bare-clone: 1 passed, 0 failed", and exits non-zero
# on failure. scripts/test.sh runs it.
set -euo pipefail

failed() {
  echo "bare-clone: $*" >&2
  echo "bare-clone: 0 passed, 1 failed"
  exit 1
}

here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
repo="$(git -C "$here" rev-parse --show-toplevel)" || failed "$here is not inside a git checkout"
# The cache setup.sh uses: when it already holds the jars, the clone must not download them again.
cache="${ACCORD_ORACLE_HOME:-$HOME/.cache/accord-oracle-own}"
warm=0
[[ -f "$cache/lib/avro-1.12.1.jar" ]] && warm=1
tmp="$(mktemp -d "${TMPDIR:-/tmp}/accord-bare-clone-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

git clone --quiet --no-hardlinks "$repo" "$tmp/accord" || failed "git clone of $repo failed"
[[ "$(ls -A "$tmp")" == accord ]] || failed "the clone has company in $tmp: $(ls -A "$tmp")"
[[ ! -e "$tmp/shared" ]] || failed "$tmp/shared exists"

status=0
(cd "$tmp/accord" && bash tests/oracle/setup.sh) 2>"$tmp/setup.log" || status=$?
cat "$tmp/setup.log" >&2
[[ $status == 0 ]] || failed "tests/oracle/setup.sh failed in a bare clone of $repo"
if [[ $warm == 1 ]] && grep -q "downloading" "$tmp/setup.log"; then
  failed "the clone downloaded the jars again although $cache held them"
fi

answer="$(echo '{"id":"null","schema":"null"}' | "$tmp/accord/tests/oracle/avro-oracle" --fingerprint)" ||
  failed "the clone's tests/oracle/avro-oracle did not run"
[[ "$answer" == '{"id":"null","canonical":"\"null\"","crc64":"63dd24e7cc258f8a",'* ]] ||
  failed "the clone's oracle answered $answer"

echo "bare-clone: oracle set up and self-tested in a clone of $(git -C "$repo" rev-parse --short HEAD) with nothing beside it"
echo "bare-clone: 1 passed, 0 failed"
