#!/usr/bin/env bash
# Installs the Debian 12 packages posture needs to build and test, if any is missing, and builds
# the static PROJ and Pango posture links (scripts/build-proj.sh and scripts/build-pango.sh, once
# a machine; POSTURE_SYSTEM_PROJ=1 and POSTURE_SYSTEM_PANGO=1 skip them): as root, or through
# sudo. Quiet and quick when everything is there already.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

packages=(
    build-essential cmake pkg-config
    libcairo2-dev libdeflate-dev libpango1.0-dev libshp-dev libproj-dev proj-data libcsv-dev libinih-dev
    libcmocka-dev
    # For scripts/build-proj.sh: PROJ's own build needs SQLite (library and shell) and curl.
    libsqlite3-dev sqlite3 curl ca-certificates
    # For scripts/build-pango.sh, and the static archives posture links with the Pango it builds
    # (cmake/libraries.cmake); most come with libpango1.0-dev, named here as what is linked.
    meson ninja-build xz-utils libglib2.0-dev libfribidi-dev libthai-dev libdatrie-dev
    libfontconfig-dev libfreetype-dev libpixman-1-dev libpng-dev zlib1g-dev libexpat1-dev
    libbrotli-dev libffi-dev libpcre2-dev
    fonts-noto-core fonts-dejavu-core poppler-utils
    # For scripts/static-analysis.sh and the valgrind test (ctest -L valgrind).
    valgrind cppcheck clang-tidy
    # For the test that kills posture while it writes (tests/bad-input/kill-during-write.sh).
    strace
    # For the SVG tests (ctest -L svg), which open the SVG in an editor and a browser. Both add
    # 149 MB of downloads, 551 MB on disk and about 30 s to a first run; Chromium is 113 MB and
    # 357 MB of that.
    inkscape chromium
)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup.sh: no dpkg-query/apt-get, so not Debian; install the equivalents of:" >&2
    echo "  ${packages[*]}" >&2
    exit 0
fi

# "ii" is installed and configured; a package dpkg has never heard of prints nothing.
installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${packages[@]}" 2>/dev/null |
    awk '$1 == "ii" { print $2 }' || true)
missing=()
for package in "${packages[@]}"; do
    if ! grep -qxF "$package" <<<"$installed"; then
        missing+=("$package")
    fi
done
build_static() {
    if [[ ${POSTURE_SYSTEM_PROJ:-0} != 1 ]]; then
        bash "$here/build-proj.sh"
    fi
    if [[ ${POSTURE_SYSTEM_PANGO:-0} != 1 ]]; then
        bash "$here/build-pango.sh"
    fi
}
if [[ ${#missing[@]} -eq 0 ]]; then
    build_static
    exit 0
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "setup.sh: missing ${missing[*]}; run as root or install sudo" >&2
        exit 1
    fi
    as_root=(sudo)
fi

echo "setup.sh: installing ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
build_static
