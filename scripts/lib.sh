# Shared by the scripts in this folder: find Swift, install what is missing.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH=/opt/swift/usr/bin:$PATH
fi

# Installs Debian packages that are missing; uses sudo when not root.
ensure_packages() {
    local missing=()
    for package in "$@"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "==> installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_dependencies() {
    command -v swift >/dev/null 2>&1 || { echo "error: swift is not installed (expected on PATH or in /opt/swift)" >&2; exit 1; }
    command -v python3 >/dev/null 2>&1 || ensure_packages python3
    python3 -c "import venv, ensurepip" 2>/dev/null || ensure_packages python3-venv
    # tzdata is the zone files ZoneRules reads (and Python's zoneinfo); libc-bin has
    # glibc's zdump, which the zone tests compare the tables with; libsqlite3-dev is the
    # SQLite the ledger (ConveneStore, through CSQLite) links against; libsystemd-dev is
    # the journal and sd_notify; pkg-config gives SwiftPM the flags of both; systemd and
    # curl run the daemon's end-to-end tests.
    ensure_packages tzdata libc-bin libsqlite3-dev sqlite3 libsystemd-dev pkg-config systemd curl
    # The Debian package: built by dpkg-deb under fakeroot, its Depends by dpkg-shlibdeps
    # (dpkg-dev), its binaries stripped (binutils), checked by lintian, and installed into
    # a fresh Debian made by debootstrap.
    ensure_packages dpkg-dev fakeroot binutils lintian debootstrap
    # Postfix is the real MTA the hand-off and the inbound round trip are tested against
    # (scripts/services configures it: loopback only, no relay). Installed "Local only",
    # so the package asks nothing and sends nothing off this machine.
    if ! dpkg -s postfix >/dev/null 2>&1; then
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "postfix postfix/main_mailer_type select Local only" | $sudo debconf-set-selections
        echo "postfix postfix/mailname string mail.convene.test" | $sudo debconf-set-selections
        ensure_packages postfix
    fi
}

# The differential tests' Python environment (python-dateutil, holidays, icalendar),
# made before the tests start so no test waits for pip.
ensure_oracle_venv() {
    local venv=.venv-oracles requirements=Tests/OracleTests/Oracles/requirements.txt
    if [ ! -x "$venv/bin/python3" ] || ! cmp -s "$requirements" "$venv/requirements.installed"; then
        echo "==> creating $venv"
        python3 -m venv --clear "$venv"
        "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check -r "$requirements"
        cp "$requirements" "$venv/requirements.installed"
    fi
}
