#!/usr/bin/env bash
# Builds accord's Avro 1.12.1 reference oracle (tests/oracle/README.md) into a cache outside the
# checkout, then self-tests it. The differential tests need it; scripts/test.sh calls this first.
#
#   ${ACCORD_ORACLE_HOME:-$HOME/.cache/accord-oracle-own}/
#     lib/           the Avro 1.12.1 jar and the Jackson, SLF4J and commons-compress jars it needs,
#                    each checked against its sha256 below, with the LICENSE and NOTICE of the
#                    distribution they come from
#     build/<key>/   AvroReference compiled from the sources whose sha256 is <key>
#
# The jars come from PyPI, the one Java-carrying registry reachable from every machine of the
# project: the pyspark==4.3.0 source distribution ships them (456 MB, downloaded once into a
# temporary directory and deleted after the 4.2 MB of jars are taken out). A JDK comes from apt-get
# (default-jdk-headless) when javac or java is missing.
#
# Idempotent: with a warm cache it only verifies the jars and self-tests (about 0.5 s). Concurrent
# runs wait for each other (flock), so parallel tests on a cold cache download once. FORCE=1
# downloads and compiles again.
set -euo pipefail

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
CACHE="${ACCORD_ORACLE_HOME:-$HOME/.cache/accord-oracle-own}"

PYSPARK=pyspark==4.3.0
PYSPARK_SDIST=pyspark-4.3.0.tar.gz
PYSPARK_SHA256=e8c517948eff7088a7aa07449aa8eafa4a15a8d50319de2525a6fd26622476c6
# Each jar the oracle runs on, with its sha256, as found under deps/jars/ in the sdist.
JARS_SHA256="\
72600f057bfbe2efe35fa55433e7756d45667dc938934be38a6e2be368aca237  avro-1.12.1.jar
12e8655b100267b44d0f14d01b1f5082a5105e616174dc4307be1a761e92407b  jackson-core-2.21.2.jar
8c982f01f148d805f0aaac2339011244757e0df7c6ff8951f2fa3f433b8ed849  jackson-databind-2.21.2.jar
53ca085f4a150f703f49e1aabd935bd03b43e1ea3d55d135438292af22cef56b  jackson-annotations-2.21.jar
7b751d952061954d5abfed7181c1f645d336091b679891591d63329c622eb832  slf4j-api-2.0.17.jar
e1522945218456f3649a39bc4afd70ce4bd466221519dba7d378f2141a4642ca  commons-compress-1.28.0.jar"

say() { echo "[avro-oracle setup] $*" >&2; }
fail() {
  say "error: $*"
  say "the differential tests need this oracle; ACCORD_SKIP_ORACLE=1 scripts/test.sh runs everything else"
  exit 1
}

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    fail "'$*' needs root (or sudo)"
  fi
}

# Installs Debian packages, refreshing the package lists first when apt does not know them yet.
apt_install() {
  if ! apt-cache show "$@" >/dev/null 2>&1; then
    as_root apt-get update -qq || fail "apt-get update failed"
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null ||
    fail "apt-get install $* failed"
}

ensure_jdk() {
  command -v javac >/dev/null && command -v java >/dev/null && return
  say "javac or java not found: installing default-jdk-headless with apt-get"
  apt_install default-jdk-headless
  if ! command -v javac >/dev/null || ! command -v java >/dev/null; then
    fail "javac and java still not on PATH after installing default-jdk-headless"
  fi
}

ensure_pip() {
  python3 -m pip --version >/dev/null 2>&1 && return
  say "python3 -m pip not found: installing python3-pip with apt-get"
  apt_install python3-pip
}

# Whether lib/ holds every jar with the expected content.
jars_verified() {
  [[ -d "$CACHE/lib" ]] && (cd "$CACHE/lib" && sha256sum --check --quiet --status - <<<"$JARS_SHA256")
}

jar_names() { awk '{print $2}' <<<"$JARS_SHA256"; }

fetch_jars() {
  ensure_pip
  local tmp log top
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/accord-oracle-XXXXXX")"
  # shellcheck disable=SC2064 # expand now: the directory is fixed
  trap "rm -rf '$tmp'" EXIT
  log="$tmp/pip.log"
  say "downloading the $PYSPARK sdist from PyPI (456 MB, once; into $tmp, deleted afterwards) for the Avro jars it ships"
  if ! python3 -m pip download --no-deps --no-binary :all: --no-cache-dir --progress-bar off \
    --disable-pip-version-check -d "$tmp" "$PYSPARK" >"$log" 2>&1; then
    tail -n 5 "$log" >&2
    fail "could not download $PYSPARK from PyPI (above: pip's last lines); the first run needs PyPI"
  fi
  (cd "$tmp" && sha256sum --check --quiet - <<<"$PYSPARK_SHA256  $PYSPARK_SDIST") ||
    fail "the downloaded $PYSPARK_SDIST does not have the expected sha256 $PYSPARK_SHA256"
  top="${PYSPARK_SDIST%.tar.gz}"
  local members=("$top/LICENSE" "$top/NOTICE")
  while read -r jar; do members+=("$top/deps/jars/$jar"); done < <(jar_names)
  tar -xzf "$tmp/$PYSPARK_SDIST" -C "$tmp" --no-same-owner "${members[@]}" ||
    fail "$PYSPARK_SDIST lacks one of: ${members[*]}"
  rm -rf "$CACHE/lib.new"
  mkdir "$CACHE/lib.new"
  while read -r jar; do mv "$tmp/$top/deps/jars/$jar" "$CACHE/lib.new/"; done < <(jar_names)
  mv "$tmp/$top/LICENSE" "$CACHE/lib.new/LICENSE.spark-distribution"
  mv "$tmp/$top/NOTICE" "$CACHE/lib.new/NOTICE.spark-distribution"
  (cd "$CACHE/lib.new" && sha256sum --check --quiet - <<<"$JARS_SHA256") ||
    fail "a jar taken from $PYSPARK_SDIST does not have the expected sha256"
  rm -rf "${CACHE:?}/lib" "$tmp"
  trap - EXIT
  mv "$CACHE/lib.new" "$CACHE/lib"
}

# Compiles into build/<key>/, then drops builds of other sources unused for 30 days.
compile() {
  local build="$CACHE/build/$1"
  say "compiling AvroReference.java"
  rm -rf "$build.new"
  mkdir -p "$build.new"
  javac -encoding UTF-8 -Xlint:all -Werror -cp "$CACHE/lib/*" -d "$build.new" "$HERE/AvroReference.java" ||
    fail "javac failed on $HERE/AvroReference.java"
  touch "$build.new/.built"
  rm -rf "$build"
  mv "$build.new" "$build"
  find "$CACHE/build" -mindepth 1 -maxdepth 1 -type d ! -name "$1" -mtime +30 -exec rm -rf {} +
}

# Asks the built oracle what the Avro specification fixes: the CRC-64-AVRO fingerprint of "null",
# and that int promotes to long but long does not narrow to int.
self_test() {
  local fingerprint compat
  fingerprint="$(echo '{"id":0,"schema":"null"}' | bash "$HERE/avro-oracle" --fingerprint)"
  [[ "$fingerprint" == *'"crc64":"63dd24e7cc258f8a"'* ]] ||
    fail "self-test: the fingerprint of \"null\" is not 63dd24e7cc258f8a: $fingerprint"
  compat="$(printf '%s\n' '{"id":1,"writer":"int","reader":"long"}' '{"id":2,"writer":"long","reader":"int"}' |
    bash "$HERE/avro-oracle" compat)"
  [[ "$compat" == '{"id":1,"compatible":true,"incompatibilities":[],"error":null}'$'\n''{"id":2,"compatible":false,"incompatibilities":[{"type":"TYPE_MISMATCH",'* ]] ||
    fail "self-test: int->long should be compatible and long->int a TYPE_MISMATCH: $compat"
  say "self-test passed: fingerprint(\"null\") = 63dd24e7cc258f8a; int->long compatible; long->int TYPE_MISMATCH"
}

mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
export ACCORD_ORACLE_HOME="$CACHE"
exec 9>"$CACHE/.setup.lock"
flock 9

# The build key; ./avro-oracle computes the same to find the build.
key="$(cat "$HERE/setup.sh" "$HERE/AvroReference.java" | sha256sum | cut -d' ' -f1)"
started=$SECONDS
ensure_jdk
if [[ "${FORCE:-0}" == 1 ]] || ! jars_verified; then
  fetch_jars
fi
if [[ "${FORCE:-0}" == 1 || ! -f "$CACHE/build/$key/.built" ]]; then
  compile "$key"
fi
self_test
echo "avro-oracle ready in $((SECONDS - started)) s: $(bash "$HERE/avro-oracle" --version)"
echo "  cache: $CACHE (ACCORD_ORACLE_HOME; $(du -sh "$CACHE" | cut -f1))"
