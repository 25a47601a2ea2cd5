# Which PROJ posture links: by default the static PROJ 9.1.1 (Debian's source, built without its
# network and GeoTIFF support) that scripts/build-proj.sh installs, since Debian's shared
# libproj.so.25 brings 35 shared libraries posture never calls into every process (30 ms of a
# 50 ms start; see that script). With -DPOSTURE_SYSTEM_PROJ=ON, or when the static one is not
# there, Debian's shared libproj is linked instead: the same maps, a slower start.
#
# Defines the target posture_proj, and for posture.pc (the installed static library lists what
# it needs) POSTURE_PC_PROJ_REQUIRES and POSTURE_PC_PROJ_LIBS.
option(POSTURE_SYSTEM_PROJ "Link the system's shared libproj, not the static PROJ of scripts/build-proj.sh" OFF)
set(POSTURE_PROJ_PREFIX "/usr/local/lib/posture/proj-9.1.1" CACHE PATH
  "Where scripts/build-proj.sh installed the static PROJ")

add_library(posture_proj INTERFACE)
if(NOT POSTURE_SYSTEM_PROJ AND EXISTS "${POSTURE_PROJ_PREFIX}/lib/libproj.a")
  find_library(POSTURE_SQLITE3_STATIC NAMES libsqlite3.a REQUIRED)
  # PROJ is C++: its runtime linked statically too, or libstdc++.so would be loaded anyway.
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libstdc++.a
    OUTPUT_VARIABLE POSTURE_STDCXX_STATIC OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT IS_ABSOLUTE "${POSTURE_STDCXX_STATIC}" OR NOT EXISTS "${POSTURE_STDCXX_STATIC}")
    message(FATAL_ERROR "libstdc++.a not found (install g++), or configure with -DPOSTURE_SYSTEM_PROJ=ON")
  endif()
  target_include_directories(posture_proj INTERFACE "${POSTURE_PROJ_PREFIX}/include")
  target_link_libraries(posture_proj INTERFACE "${POSTURE_PROJ_PREFIX}/lib/libproj.a"
    "${POSTURE_SQLITE3_STATIC}" "${POSTURE_STDCXX_STATIC}" ${CMAKE_DL_LIBS} ${MATH_LIBRARY}
    Threads::Threads)
  set(POSTURE_PROJ_STATIC ON)
  set(POSTURE_PC_PROJ_REQUIRES "")
  set(POSTURE_PC_PROJ_LIBS "-lposture-proj -lsqlite3 -lstdc++")
  # Beside libposture.a, in the build tree (for tests that link as a user would) and installed.
  configure_file("${POSTURE_PROJ_PREFIX}/lib/libproj.a"
    "${CMAKE_BINARY_DIR}/install-lib/libposture-proj.a" COPYONLY)
  install(FILES "${CMAKE_BINARY_DIR}/install-lib/libposture-proj.a"
    DESTINATION ${CMAKE_INSTALL_LIBDIR})
  message(STATUS "PROJ: static, from ${POSTURE_PROJ_PREFIX}")
else()
  pkg_check_modules(PROJ REQUIRED IMPORTED_TARGET proj)
  target_link_libraries(posture_proj INTERFACE PkgConfig::PROJ)
  set(POSTURE_PROJ_STATIC OFF)
  set(POSTURE_PC_PROJ_REQUIRES "proj")
  set(POSTURE_PC_PROJ_LIBS "")
  if(NOT POSTURE_SYSTEM_PROJ)
    message(STATUS "PROJ: the system's shared libproj (no ${POSTURE_PROJ_PREFIX}/lib/libproj.a: "
      "bash scripts/build-proj.sh makes one, and processes start 30 ms faster)")
  else()
    message(STATUS "PROJ: the system's shared libproj (POSTURE_SYSTEM_PROJ)")
  endif()
endif()
