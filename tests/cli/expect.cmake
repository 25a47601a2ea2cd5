# Runs one command and checks its exit code, stdout and stderr; the command follows "--":
#   cmake -DEXPECT_EXIT=64 [-DEXPECT_STDOUT=regex] [-DEXPECT_STDERR=regex]
#         [-DEXPECT_STDOUT_MENTIONS=a|b|c] [-DEXPECT_FILES=f|g] [-DWORKING_DIRECTORY=dir]
#         [-DFRESH_WORKING_DIRECTORY=ON] -P expect.cmake -- program arg...
# One trailing newline is dropped from stdout and stderr before matching, so "^...$" means
# exactly one line. EXPECT_STDOUT_MENTIONS lists literal strings, separated by "|", that
# stdout must contain. EXPECT_FILES lists files, relative to the working directory, that must
# exist afterwards; FRESH_WORKING_DIRECTORY empties the working directory first.
cmake_minimum_required(VERSION 3.20)

set(command "")
set(after_separator OFF)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 0 ${last})
  if(after_separator)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(after_separator ON)
  endif()
endforeach()
if(NOT command)
  message(FATAL_ERROR "expect.cmake: no command after \"--\"")
endif()
if(NOT DEFINED EXPECT_EXIT)
  message(FATAL_ERROR "expect.cmake: EXPECT_EXIT is not set")
endif()

if(NOT WORKING_DIRECTORY)
  set(WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
endif()
if(FRESH_WORKING_DIRECTORY)
  file(REMOVE_RECURSE "${WORKING_DIRECTORY}")
endif()
file(MAKE_DIRECTORY "${WORKING_DIRECTORY}")

execute_process(COMMAND ${command}
  WORKING_DIRECTORY "${WORKING_DIRECTORY}"
  RESULT_VARIABLE exit_code
  OUTPUT_VARIABLE stdout
  ERROR_VARIABLE stderr)
string(REGEX REPLACE "\n$" "" stdout "${stdout}")
string(REGEX REPLACE "\n$" "" stderr "${stderr}")

set(failures "")
if(NOT exit_code STREQUAL EXPECT_EXIT)
  string(APPEND failures "  exit code ${exit_code}, expected ${EXPECT_EXIT}\n")
endif()
if(DEFINED EXPECT_STDOUT AND NOT stdout MATCHES "${EXPECT_STDOUT}")
  string(APPEND failures "  stdout does not match: ${EXPECT_STDOUT}\n")
endif()
if(DEFINED EXPECT_STDERR AND NOT stderr MATCHES "${EXPECT_STDERR}")
  string(APPEND failures "  stderr does not match: ${EXPECT_STDERR}\n")
endif()
if(DEFINED EXPECT_STDOUT_MENTIONS)
  string(REPLACE "|" ";" mentions "${EXPECT_STDOUT_MENTIONS}")
  foreach(text IN LISTS mentions)
    string(FIND "${stdout}" "${text}" at)
    if(at EQUAL -1)
      string(APPEND failures "  stdout does not mention: ${text}\n")
    endif()
  endforeach()
endif()
if(DEFINED EXPECT_FILES)
  string(REPLACE "|" ";" files "${EXPECT_FILES}")
  foreach(file IN LISTS files)
    if(NOT EXISTS "${WORKING_DIRECTORY}/${file}")
      string(APPEND failures "  ${file} was not written\n")
    endif()
  endforeach()
endif()

if(failures)
  list(JOIN command " " shown)
  message(FATAL_ERROR "${shown}\n(in ${WORKING_DIRECTORY})\n${failures}"
    "--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}\n")
endif()
