# Which Pango, cairo and other C libraries posture links. By default, when scripts/build-pango.sh
# has built its static Pango and HarfBuzz, all of them statically: those two from its prefix,
# the rest from Debian's own static archives (cairo, pixman, fontconfig, FreeType, libpng, zlib,
# GLib, ...; Debian ships those, but no static Pango or HarfBuzz). Linked shared, they bring 40
# shared libraries into every process, and loading them is half of its start (see that script).
# With -DPOSTURE_SYSTEM_PANGO=ON, or when the static Pango is not there, the system's shared
# libraries are linked instead: the same maps, a slower start.
#
# Defines the targets posture_cairo (cairo, with its PDF and PNG surfaces), posture_pango
# (pangocairo, pangoft2 and fontconfig), posture_deflate, posture_shapelib, posture_inih and
# posture_csv. posture.pc names the system's shared libraries either way: the static Pango is
# Debian's version, so the installed libposture.a links with either.
option(POSTURE_SYSTEM_PANGO
  "Link the system's shared Pango, cairo and the rest, not the static ones of scripts/build-pango.sh" OFF)
set(POSTURE_PANGO_PREFIX "/usr/local/lib/posture/pango-1.50.12" CACHE PATH
  "Where scripts/build-pango.sh installed the static Pango and HarfBuzz")

set(POSTURE_PANGO_STATIC OFF)
if(NOT POSTURE_SYSTEM_PANGO AND EXISTS "${POSTURE_PANGO_PREFIX}/lib/libpango-1.0.a")
  set(POSTURE_PANGO_STATIC ON)
  # The prefix's pango*.pc and harfbuzz.pc first, for their headers; the rest are the system's.
  set(ENV{PKG_CONFIG_PATH} "${POSTURE_PANGO_PREFIX}/lib/pkgconfig:$ENV{PKG_CONFIG_PATH}")
endif()

pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo cairo-pdf cairo-png)
pkg_check_modules(LIBDEFLATE REQUIRED IMPORTED_TARGET libdeflate)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo pangoft2 fontconfig)
pkg_check_modules(SHAPELIB REQUIRED IMPORTED_TARGET shapelib)
pkg_check_modules(INIH REQUIRED IMPORTED_TARGET inih)
find_path(LIBCSV_INCLUDE_DIR csv.h REQUIRED)

foreach(name cairo pango deflate shapelib inih csv)
  add_library(posture_${name} INTERFACE)
endforeach()
target_include_directories(posture_csv INTERFACE ${LIBCSV_INCLUDE_DIR})

if(POSTURE_PANGO_STATIC)
  # Archives in link order, each before those it calls. The package that has each is in
  # scripts/setup.sh. Nothing here calls X11: cairo's Xlib and XCB surfaces stay in libcairo.a.
  set(text_archives
    "${POSTURE_PANGO_PREFIX}/lib/libpangocairo-1.0.a"
    "${POSTURE_PANGO_PREFIX}/lib/libpangoft2-1.0.a"
    "${POSTURE_PANGO_PREFIX}/lib/libpango-1.0.a"
    "${POSTURE_PANGO_PREFIX}/lib/libharfbuzz.a")
  foreach(name cairo pixman-1 fontconfig freetype png16 brotlidec brotlicommon expat z fribidi
      thai datrie gio-2.0 gobject-2.0 gmodule-2.0 glib-2.0 ffi pcre2-8)
    find_library(POSTURE_STATIC_${name} NAMES lib${name}.a)
    if(NOT POSTURE_STATIC_${name})
      message(FATAL_ERROR "lib${name}.a not found (bash scripts/setup.sh installs it), "
        "or configure with -DPOSTURE_SYSTEM_PANGO=ON")
    endif()
    list(APPEND text_archives "${POSTURE_STATIC_${name}}")
  endforeach()
  foreach(name deflate shp inih csv)
    find_library(POSTURE_STATIC_${name} NAMES lib${name}.a REQUIRED)
  endforeach()
  # Compiled with the headers pkg-config names (the prefix's Pango and HarfBuzz), linked with
  # the archives: one target holds them all, since cairo and Pango call each other.
  add_library(posture_text_archives INTERFACE)
  target_link_libraries(posture_text_archives INTERFACE ${text_archives} ${CMAKE_DL_LIBS}
    ${MATH_LIBRARY} Threads::Threads)
  target_include_directories(posture_cairo INTERFACE ${CAIRO_INCLUDE_DIRS})
  target_compile_options(posture_cairo INTERFACE ${CAIRO_CFLAGS_OTHER})
  target_link_libraries(posture_cairo INTERFACE posture_text_archives)
  target_include_directories(posture_pango INTERFACE ${PANGOCAIRO_INCLUDE_DIRS})
  target_compile_options(posture_pango INTERFACE ${PANGOCAIRO_CFLAGS_OTHER})
  target_link_libraries(posture_pango INTERFACE posture_cairo)
  target_include_directories(posture_deflate INTERFACE ${LIBDEFLATE_INCLUDE_DIRS})
  target_link_libraries(posture_deflate INTERFACE "${POSTURE_STATIC_deflate}")
  target_include_directories(posture_shapelib INTERFACE ${SHAPELIB_INCLUDE_DIRS})
  target_link_libraries(posture_shapelib INTERFACE "${POSTURE_STATIC_shp}" ${MATH_LIBRARY})
  target_include_directories(posture_inih INTERFACE ${INIH_INCLUDE_DIRS})
  target_link_libraries(posture_inih INTERFACE "${POSTURE_STATIC_inih}")
  target_link_libraries(posture_csv INTERFACE "${POSTURE_STATIC_csv}")
  message(STATUS "Pango, cairo and the rest: static, Pango from ${POSTURE_PANGO_PREFIX}")
else()
  target_link_libraries(posture_cairo INTERFACE PkgConfig::CAIRO)
  target_link_libraries(posture_pango INTERFACE PkgConfig::PANGOCAIRO PkgConfig::CAIRO)
  target_link_libraries(posture_deflate INTERFACE PkgConfig::LIBDEFLATE)
  target_link_libraries(posture_shapelib INTERFACE PkgConfig::SHAPELIB)
  target_link_libraries(posture_inih INTERFACE PkgConfig::INIH)
  find_library(LIBCSV_LIBRARY csv REQUIRED)
  target_link_libraries(posture_csv INTERFACE ${LIBCSV_LIBRARY})
  if(POSTURE_SYSTEM_PANGO)
    message(STATUS "Pango, cairo and the rest: the system's shared libraries (POSTURE_SYSTEM_PANGO)")
  else()
    message(STATUS "Pango, cairo and the rest: the system's shared libraries (no "
      "${POSTURE_PANGO_PREFIX}/lib/libpango-1.0.a: bash scripts/build-pango.sh makes one, and "
      "processes start twice as fast)")
  endif()
endif()
