#!/usr/bin/env bash
# Proves that `npm ci && npm test` needs nothing installed by hand (issue 14): clones the
# repository at a revision (default HEAD) into a new folder and runs both commands there as a
# fresh non-root user, in a mount namespace where the Debian packages the tests once needed are
# hidden (/usr/lib/postgresql, /usr/bin/chromium, /usr/share/datasets, /usr/share/fonts), with a
# minimal environment. Runs `npm test` twice and prints the cold and warm timings. Needs root
# (useradd, unshare) and the npm registry.
#
#   scripts/fresh-clone-test.sh [REVISION]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REVISION="${1:-HEAD}"
TEST_USER=medlabel-fresh

[[ "$(id -u)" == 0 ]] || { echo "fresh-clone-test: run as root (it creates a user and a mount namespace)" >&2; exit 1; }
id "$TEST_USER" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$TEST_USER"
home="$(getent passwd "$TEST_USER" | cut -d: -f6)"
rm -rf "$home/.npm" "$home/.cache" # cold: no npm cache of earlier runs

work="$(mktemp -d /tmp/medlabel-fresh-clone.XXXXXX)"
chmod 755 "$work"
git clone --quiet --no-local "$ROOT" "$work/medlabel"
git -C "$work/medlabel" checkout --quiet --detach "$(git -C "$ROOT" rev-parse "$REVISION")"
echo "fresh-clone-test: $(git -C "$work/medlabel" log --oneline -1) in $work/medlabel as $TEST_USER" >&2
chown -R "$TEST_USER:" "$work"

# Inside the namespace: hide the packages, then run the README's commands as the test user.
hide_and_run='
for dir in /usr/lib/postgresql /usr/share/datasets /usr/share/fonts; do
  [[ -d $dir ]] && mount -t tmpfs -o ro tmpfs "$dir"
done
[[ -e /usr/bin/chromium ]] && mount --bind /dev/null /usr/bin/chromium
exec runuser -u "$TEST_USER" -- env -i HOME="$HOME_DIR" PATH=/usr/local/bin:/usr/bin:/bin \
  LANG=C.UTF-8 npm_config_nodedir="$NODEDIR" bash -c "
    set -euo pipefail
    cd \"$CLONE\"
    timed() { local s=\$SECONDS; \"\$@\"; echo \"fresh-clone-test: \$* took \$((SECONDS - s)) s\" >&2; }
    timed npm ci --no-audit --no-fund
    timed npm test   # cold: first run (unpacks Chromium, fetches DICOM files, builds the web app)
    timed npm test   # warm
  "
'
# node-gyp (better-sqlite3) takes Node's headers from where this machine's npm config says (its
# nodedir, e.g. /usr), not from nodejs.org, which a sandbox may not reach.
nodedir="$(npm config get nodedir)"
[[ "$nodedir" == undefined ]] && nodedir=
TEST_USER="$TEST_USER" HOME_DIR="$home" CLONE="$work/medlabel" NODEDIR="$nodedir" unshare --mount --propagation private \
  bash -c "$hide_and_run"
echo "fresh-clone-test: passed; remove $work when done" >&2
