# posture linked with the static PROJ (cmake/proj.cmake, scripts/build-proj.sh) loads none of the
# shared libraries that only Debian's libproj brings: each would cost every process its symbol
# lookups at start (30 ms of 50 on the benchmark VM). PROJ's database still works: an EPSG code
# is looked up in the proj.db built with it.
. "$(dirname "$0")/common.sh"
loaded=$(ldd "$posture")
unwanted="libproj libcurl libgnutls libtiff libcrypto libldap libsqlite3 libssh2"
# The sanitizers' own runtime loads libstdc++; without them nothing does.
grep -qE 'libasan|libubsan' <<<"$loaded" || unwanted="$unwanted libstdc++"
for lib in $unwanted; do
  if grep -qF "$lib" <<<"$loaded"; then
    fail "posture loads $lib: $(grep -F "$lib" <<<"$loaded")"
  fi
done
"$posture" render --set map.projection=EPSG:3035 -o map.svg || fail "EPSG:3035 did not render"
grep -q 'id="countries"' map.svg || fail "the EPSG:3035 map has no countries"
