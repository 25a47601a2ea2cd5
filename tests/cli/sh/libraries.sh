# posture linked statically (cmake/proj.cmake, cmake/libraries.cmake) loads none of the shared
# libraries it spares: each would cost every process its loading and symbol lookups at start.
# POSTURE_STATIC (from ctest) says which: "proj", "pango" or both. PROJ's database still works
# (an EPSG code is looked up in the proj.db built with it), and text is still drawn.
. "$(dirname "$0")/common.sh"
loaded=$(ldd "$posture")
unwanted=""
case " ${POSTURE_STATIC:-} " in
*" proj "*) unwanted="libproj libcurl libgnutls libtiff libcrypto libldap libsqlite3 libssh2" ;;
esac
case " ${POSTURE_STATIC:-} " in
*" pango "*) unwanted="$unwanted libpango libharfbuzz libcairo libpixman libfontconfig libfreetype
  libglib libgobject libgio libX11 libxcb libpng libz.so libfribidi libthai libdeflate libshp
  libinih libcsv" ;;
esac
[ -n "$unwanted" ] || fail "POSTURE_STATIC names nothing linked statically"
# The sanitizers' own runtime loads libstdc++; without them nothing does.
grep -qE 'libasan|libubsan' <<<"$loaded" || unwanted="$unwanted libstdc++"
for lib in $unwanted; do
  if grep -qF "$lib" <<<"$loaded"; then
    fail "posture loads $lib: $(grep -F "$lib" <<<"$loaded")"
  fi
done
"$posture" render --set map.projection=EPSG:3035 -o map.svg || fail "EPSG:3035 did not render"
grep -q 'id="countries"' map.svg || fail "the EPSG:3035 map has no countries"
# Text shaped by the static Pango: Cyrillic names (the golden tests compare the pixels).
"$posture" render --lang ru -o ru.svg -o ru.png || fail "the map in Russian did not render"
grep -q ">УКРАИНА<" ru.svg || fail "no label УКРАИНА in the map in Russian"
[ "$(head -c 8 ru.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "ru.png is not a PNG"
