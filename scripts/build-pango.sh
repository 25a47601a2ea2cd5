#!/usr/bin/env bash
# Builds Pango for posture: Debian 12's own Pango 1.50.12 and HarfBuzz 6.0.0 sources (the
# versions of libpango-1.0-0 and libharfbuzz0b), as static libraries, installed once into a
# prefix outside the repository that CMake finds by itself (cmake/libraries.cmake). posture then
# links its whole text and drawing stack statically: these two, and Debian's own static
# archives of cairo, pixman, fontconfig, FreeType, GLib and the rest (Debian ships those; it
# ships no static Pango or HarfBuzz).
#
# Why: linked shared, Pango and cairo bring 40 shared libraries into every posture process
# (GLib, GIO, libmount, SELinux, X11 and xcb through cairo, ...). Loading and relocating them is
# half of a posture process's start: `posture --version` 15 ms against 7 ms linked statically,
# and a 1:10m PNG of the standard task 87 against 74 ms, with 2.6 MiB less memory. README
# "Performance" has the measurements. The library's API and behaviour are the same: Debian's
# shared Pango is this version, and the maps are the same bytes either way.
#
# Usage: bash scripts/build-pango.sh [PREFIX]   (as root, or with sudo for the default prefix)
# Default PREFIX: /usr/local/lib/posture/pango-1.50.12. Quiet and quick when it is built already.
# About 3 minutes on 2 cores, once a machine. Needs the packages scripts/setup.sh installs
# (meson, ninja, curl, the -dev packages of Pango's dependencies). POSTURE_SYSTEM_PANGO=1 makes
# setup.sh skip this, and CMake then links Debian's shared Pango and cairo
# (-DPOSTURE_SYSTEM_PANGO=ON does the same).
set -euo pipefail
. "$(dirname "$0")/prefix-build.sh"

harfbuzz=6.0.0
harfbuzz_sha256=89266cb363e49b6aa999eda04ca25b0d234a69ad9304679631371f4697652368
harfbuzz_url="http://deb.debian.org/debian/pool/main/h/harfbuzz/harfbuzz_${harfbuzz}+dfsg.orig.tar.xz"
pango=1.50.12
pango_sha256=ec19df0570cf87583ebff514968a958c25031a6f47eb39e8eb06530166ffb239
pango_url="http://deb.debian.org/debian/pool/main/p/pango1.0/pango1.0_${pango}+ds.orig.tar.xz"
prefix=${1:-/usr/local/lib/posture/pango-$pango}
# Static and position-independent (posture is a PIE); nothing is downloaded at build time
# (Pango's meson would otherwise try to fetch its documentation tools).
common="--libdir=lib -Ddefault_library=static -Dbuildtype=release -Db_staticpic=true \
--wrap-mode=nodownload"
# HarfBuzz as Debian builds it for Pango (FreeType and GLib), without what posture never uses:
# cairo and GObject bindings, ICU, its tests, tools and documentation.
harfbuzz_options="-Dglib=enabled -Dfreetype=enabled -Dgobject=disabled -Dcairo=disabled \
-Dchafa=disabled -Dicu=disabled -Dtests=disabled -Dintrospection=disabled -Ddocs=disabled"
# Pango with fontconfig, FreeType, cairo and libthai (line breaks in Thai), as Debian's; no Xft.
pango_options="-Dfontconfig=enabled -Dfreetype=enabled -Dcairo=enabled -Dlibthai=enabled \
-Dxft=disabled -Dintrospection=disabled -Dgtk_doc=false -Dinstall-tests=false -Dsysprof=disabled"
stamp="harfbuzz $harfbuzz $harfbuzz_sha256 $harfbuzz_options pango $pango $pango_sha256 \
$pango_options $common"
stamp_file=posture-pango.stamp
prefix_is_built "$prefix" "$stamp" lib/libpango-1.0.a lib/libpangocairo-1.0.a \
    lib/libpangoft2-1.0.a lib/libharfbuzz.a && exit 0

prefix_start build-pango.sh "$prefix"
echo "build-pango.sh: building HarfBuzz $harfbuzz and Pango $pango (static) into $prefix;" \
    "about 3 minutes on 2 cores, once"
prefix_fetch "$harfbuzz_url" "$harfbuzz_sha256"
prefix_fetch "$pango_url" "$pango_sha256"
stage="$work/stage"
# Both are installed into the stage as if into the prefix; Pango finds the staged HarfBuzz.
export PKG_CONFIG_PATH="$stage$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export PKG_CONFIG_SYSROOT_DIR=
# shellcheck disable=SC2086
prefix_step build-pango.sh harfbuzz-configure.log meson setup "$work/harfbuzz-build" \
    "$work/harfbuzz-$harfbuzz" --prefix="$prefix" $common $harfbuzz_options
prefix_step build-pango.sh harfbuzz-build.log ninja -C "$work/harfbuzz-build"
prefix_step build-pango.sh harfbuzz-install.log env DESTDIR="$stage" \
    meson install -C "$work/harfbuzz-build" --no-rebuild
# The staged harfbuzz.pc names the prefix, where it is not yet: point Pango's build at the stage.
sed -i "s|^prefix=.*|prefix=$stage$prefix|" "$stage$prefix/lib/pkgconfig/harfbuzz.pc"
# shellcheck disable=SC2086
prefix_step build-pango.sh pango-configure.log meson setup "$work/pango-build" \
    "$work/pango-$pango" --prefix="$prefix" $common $pango_options
prefix_step build-pango.sh pango-build.log ninja -C "$work/pango-build"
prefix_step build-pango.sh pango-install.log env DESTDIR="$stage" \
    meson install -C "$work/pango-build" --no-rebuild
sed -i "s|^prefix=.*|prefix=$prefix|" "$stage$prefix/lib/pkgconfig/harfbuzz.pc"
prefix_finish "$prefix" "$stamp" "$stage$prefix"
echo "build-pango.sh: HarfBuzz $harfbuzz and Pango $pango are in $prefix"
