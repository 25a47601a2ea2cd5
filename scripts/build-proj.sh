#!/usr/bin/env bash
# Builds PROJ for posture: Debian 12's own PROJ source (9.1.1, the version of libproj25 and
# proj-data), as a static library without its network (libcurl) and GeoTIFF grid (libtiff)
# support, installed once into a prefix outside the repository that CMake finds by itself.
#
# Why: Debian's libproj.so.25 brings 35 more shared libraries into every posture process
# (libcurl-gnutls, GnuTLS, Kerberos, LDAP, OpenSSL through libssh2, libtiff, libstdc++, ...),
# which posture never calls: PROJ uses them only to download grids and to read GeoTIFF grids,
# and posture's projections need neither. Linking them costs every process 13,500 symbol
# lookups in the dynamic loader (51 M instructions against 8 M without them): 30 ms of a
# 50 ms start on the benchmark VM, more than drawing the map. The same PROJ built without
# them, linked statically with SQLite and the C++ runtime, does the same projections with the
# same proj.db. README "Performance" has the measurements.
#
# Usage: bash scripts/build-proj.sh [PREFIX]   (as root, or with sudo for the default prefix)
# Default PREFIX: /usr/local/lib/posture/proj-9.1.1. Quiet and quick when it is built already.
# About 6 minutes on 2 cores, once a machine. Needs the packages scripts/setup.sh installs
# (g++, cmake, libsqlite3-dev, sqlite3, curl). POSTURE_SYSTEM_PROJ=1 makes setup.sh skip this,
# and CMake then links Debian's shared libproj (-DPOSTURE_SYSTEM_PROJ=ON does the same).
set -euo pipefail
. "$(dirname "$0")/prefix-build.sh"

version=9.1.1
sha256=003cd4010e52bb5eb8f7de1c143753aa830c8902b6ed01209f294846e40e6d39
url="http://deb.debian.org/debian/pool/main/p/proj/proj_${version}.orig.tar.gz"
prefix=${1:-/usr/local/lib/posture/proj-$version}
# What was built, and how: a prefix whose stamp says otherwise is built again.
options="-DBUILD_SHARED_LIBS=OFF -DENABLE_CURL=OFF -DENABLE_TIFF=OFF -DBUILD_APPS=OFF \
-DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Release -DCMAKE_POSITION_INDEPENDENT_CODE=ON"
stamp="$version $sha256 $options"
stamp_file=posture-proj.stamp
prefix_is_built "$prefix" "$stamp" lib/libproj.a share/proj/proj.db && exit 0

prefix_start build-proj.sh "$prefix"
echo "build-proj.sh: building PROJ $version (static, no network or TIFF) into $prefix;" \
    "about 6 minutes on 2 cores, once"
prefix_fetch "$url" "$sha256"
# shellcheck disable=SC2086
prefix_step build-proj.sh configure.log cmake -S "$work/proj-$version" -B "$work/build" \
    -DCMAKE_INSTALL_PREFIX="$prefix" $options
prefix_step build-proj.sh build.log cmake --build "$work/build" -j"$(nproc)"
# Staged with DESTDIR, then copied: PROJ keeps the prefix it was configured with to find its
# proj.db, and installs its data to that absolute path, so `--prefix STAGE` would put proj.db in
# the prefix itself, where prefix_finish then removes it.
prefix_step build-proj.sh install.log env DESTDIR="$work/stage" cmake --install "$work/build"
prefix_finish "$prefix" "$stamp" "$work/stage$prefix"
prefix_is_built "$prefix" "$stamp" lib/libproj.a share/proj/proj.db || {
    echo "build-proj.sh: the install in $prefix lacks lib/libproj.a or share/proj/proj.db" >&2
    exit 1
}
echo "build-proj.sh: PROJ $version is in $prefix"
