# Runs golden cases: tests/golden/<case>/args holds CLI arguments, one per line (empty lines and
# lines starting with # are skipped; no semicolons). The CLI runs in SOURCE_DIR, so relative paths
# in args are relative to the repository, and writes OUTPUT_DIR/<case>/actual.{png,svg,pdf}.
# The case passes if actual.svg equals expected.svg byte for byte, and actual.png (and the PDF
# rasterised by pdftoppm, actual.pdf.png) match expected.png (expected.pdf.png) per compare_png.
# With POSTURE_UPDATE_GOLDEN=1 in the environment, the actual files become the expected ones
# (refused when CI=true).
#
#   cmake -DPOSTURE=build/posture -DCOMPARE_PNG=build/tests/compare_png [-DPDFTOPPM=pdftoppm]
#         -DCASES_DIR=tests/golden -DOUTPUT_DIR=build/tests/golden -DSOURCE_DIR=.
#         [-DCASE=name] -P tests/golden/run_golden.cmake
# Without CASE, every case runs; none at all is a pass.
cmake_minimum_required(VERSION 3.20)

foreach(variable POSTURE COMPARE_PNG CASES_DIR OUTPUT_DIR SOURCE_DIR)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "run_golden.cmake: ${variable} is not set")
  endif()
endforeach()

# Everything that may change pixels or bytes besides our code is pinned here, so a run by hand
# renders what ctest renders: fonts (fonts.conf, its cache in the build tree), data, locale, dates.
set(ENV{FONTCONFIG_FILE} "${CASES_DIR}/fonts.conf")
set(ENV{XDG_CACHE_HOME} "${OUTPUT_DIR}/.cache")
set(ENV{POSTURE_DATA_DIR} "${SOURCE_DIR}")
set(ENV{SOURCE_DATE_EPOCH} 0)
set(ENV{LC_ALL} C.UTF-8)
set(ENV{TZ} UTC)

set(update OFF)
if("$ENV{POSTURE_UPDATE_GOLDEN}" STREQUAL "1")
  set(update ON)
  if("$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "POSTURE_UPDATE_GOLDEN=1 in CI: golden files are accepted by a person")
  endif()
endif()
set(compare_pdf OFF)
if(PDFTOPPM)
  set(compare_pdf ON)
else()
  message(STATUS "pdftoppm not found: PDF outputs are not compared")
endif()

# Appends to the caller's `failures` the differences between an expected and an actual PNG.
function(compare_png expected actual diff)
  file(REMOVE "${diff}")
  if(NOT EXISTS "${expected}")
    set(failures "${failures}  ${expected} is missing\n" PARENT_SCOPE)
    return()
  endif()
  execute_process(COMMAND "${COMPARE_PNG}" "${expected}" "${actual}" "${diff}"
    RESULT_VARIABLE exit_code OUTPUT_VARIABLE report ERROR_VARIABLE report)
  message(STATUS "${actual}:\n${report}")
  if(NOT exit_code EQUAL 0)
    set(failures "${failures}  ${actual} differs from ${expected}\n" PARENT_SCOPE)
  endif()
endfunction()

function(compare_svg expected actual)
  if(NOT EXISTS "${expected}")
    set(failures "${failures}  ${expected} is missing\n" PARENT_SCOPE)
    return()
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${expected}" "${actual}"
    RESULT_VARIABLE exit_code)
  if(exit_code EQUAL 0)
    return()
  endif()
  set(excerpt "")
  find_program(DIFF_EXECUTABLE diff)
  if(DIFF_EXECUTABLE)
    execute_process(COMMAND "${DIFF_EXECUTABLE}" -u "${expected}" "${actual}"
      OUTPUT_VARIABLE excerpt)
    string(SUBSTRING "${excerpt}" 0 4000 excerpt)
    message(NOTICE "${excerpt}")
  endif()
  set(failures "${failures}  ${actual} differs from ${expected}\n" PARENT_SCOPE)
endfunction()

function(run_case case)
  set(case_dir "${CASES_DIR}/${case}")
  set(out "${OUTPUT_DIR}/${case}")
  file(REMOVE_RECURSE "${out}")
  file(MAKE_DIRECTORY "${out}")

  file(STRINGS "${case_dir}/args" lines)
  set(args "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "\r$" "" line "${line}")
    if(NOT line STREQUAL "" AND NOT line MATCHES "^#")
      list(APPEND args "${line}")
    endif()
  endforeach()

  set(outputs -o "${out}/actual.png" -o "${out}/actual.svg")
  if(compare_pdf)
    list(APPEND outputs -o "${out}/actual.pdf")
  endif()
  execute_process(COMMAND "${POSTURE}" render ${args} ${outputs}
    WORKING_DIRECTORY "${SOURCE_DIR}"
    RESULT_VARIABLE exit_code ERROR_VARIABLE stderr)
  if(NOT stderr STREQUAL "")
    message(STATUS "${case}: posture said:\n${stderr}")
  endif()
  if(NOT exit_code EQUAL 0)
    list(JOIN args " " shown)
    set(failures "${failures}${case}: posture render ${shown} exited with ${exit_code}\n"
      PARENT_SCOPE)
    return()
  endif()
  if(compare_pdf)
    # 72 dpi: one pixel per PDF point.
    execute_process(COMMAND "${PDFTOPPM}" -png -r 72 -singlefile "${out}/actual.pdf"
      "${out}/actual-pdf" RESULT_VARIABLE exit_code ERROR_VARIABLE stderr)
    if(NOT exit_code EQUAL 0)
      set(failures "${failures}${case}: pdftoppm failed on actual.pdf: ${stderr}\n" PARENT_SCOPE)
      return()
    endif()
  endif()

  set(compared svg png)
  if(compare_pdf)
    file(RENAME "${out}/actual-pdf.png" "${out}/actual.pdf.png")
    list(APPEND compared pdf.png)
  endif()
  if(update)
    foreach(kind IN LISTS compared)
      execute_process(COMMAND "${CMAKE_COMMAND}" -E copy "${out}/actual.${kind}"
        "${case_dir}/expected.${kind}" COMMAND_ERROR_IS_FATAL ANY)
    endforeach()
    message(STATUS "${case}: accepted the actual files as expected (POSTURE_UPDATE_GOLDEN=1)")
    return()
  endif()

  set(failures_before "${failures}")
  compare_svg("${case_dir}/expected.svg" "${out}/actual.svg")
  compare_png("${case_dir}/expected.png" "${out}/actual.png" "${out}/diff.png")
  if(compare_pdf)
    compare_png("${case_dir}/expected.pdf.png" "${out}/actual.pdf.png" "${out}/diff.pdf.png")
  endif()
  if(NOT failures STREQUAL failures_before)
    string(APPEND failures "${case}: look at ${out}, then accept with "
      "POSTURE_UPDATE_GOLDEN=1 ctest -L golden\n")
    set(failures "${failures}" PARENT_SCOPE)
  else()
    message(STATUS "${case}: same as expected")
  endif()
endfunction()

if(DEFINED CASE AND NOT CASE STREQUAL "")
  set(cases "${CASE}")
  if(NOT EXISTS "${CASES_DIR}/${CASE}/args")
    message(FATAL_ERROR "no golden case ${CASES_DIR}/${CASE}/args")
  endif()
else()
  file(GLOB args_files "${CASES_DIR}/*/args")
  set(cases "")
  foreach(args_file IN LISTS args_files)
    get_filename_component(case_dir "${args_file}" DIRECTORY)
    get_filename_component(case "${case_dir}" NAME)
    list(APPEND cases "${case}")
  endforeach()
  if(NOT cases)
    message(STATUS "no golden cases in ${CASES_DIR}")
  endif()
endif()

set(failures "")
foreach(case IN LISTS cases)
  run_case("${case}")
endforeach()
if(failures)
  message(FATAL_ERROR "${failures}")
endif()
