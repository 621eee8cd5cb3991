# AsynccSamples.cmake - samples/*.ac, each built into a program with
# asyncc_target_sources() (exactly as a user's project would) and, when
# tests are on, run as ctest test sample/<name>.
#
# A sample that defines `main` becomes the program sample_<name>; the
# others are modules, and samples/*.ah with their .ac modules are
# translated into every program (unused modules cost nothing but a link).
#
# The test compares stdout with samples/<name>.expected after dropping, on
# both sides, every line matching ASYNCC_SAMPLE_TIMING_RE (lines that print
# timings, which vary from run to run). Without a .expected file the
# sample only has to exit 0.
set(ASYNCC_SAMPLE_TIMING_RE "elapsed|time:"
    CACHE STRING "ERE of sample output lines that are not compared")

file(GLOB _sample_acs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/samples/*.ac")
file(GLOB _sample_ahs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/samples/*.ah")
file(GLOB _sample_expected CONFIGURE_DEPENDS
     "${PROJECT_SOURCE_DIR}/samples/*.expected")

pkg_check_modules(ASYNCC_SAMPLE_CJSON IMPORTED_TARGET libcjson)

set(_sample_programs "")
set(_sample_modules "")
foreach(ac IN LISTS _sample_acs)
  file(STRINGS "${ac}" _has_main REGEX "(^|[ \t*])main[ \t]*\\(")
  if(_has_main)
    list(APPEND _sample_programs "${ac}")
  else()
    list(APPEND _sample_modules "${ac}")
  endif()
endforeach()

foreach(ac IN LISTS _sample_programs)
  get_filename_component(name "${ac}" NAME_WE)
  set(exe "sample_${name}")
  # The HTTP samples (http_*) need libasyncc_http, and cJSON to parse JSON.
  if(name MATCHES "^http_" AND (NOT TARGET asyncc_http OR NOT ASYNCC_SAMPLE_CJSON_FOUND))
    continue()
  endif()
  add_executable(${exe})
  set_target_properties(${exe} PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/samples")
  asyncc_target_sources(${exe} "${ac}" ${_sample_ahs} ${_sample_modules})
  asyncc_strict_warnings(${exe})
  if(name MATCHES "^http_")
    target_link_libraries(${exe} PRIVATE asyncc::http PkgConfig::ASYNCC_SAMPLE_CJSON)
  endif()

  if(ASYNCC_BUILD_TESTS)
    set(expected "${PROJECT_SOURCE_DIR}/samples/${name}.expected")
    add_test(NAME "sample/${name}"
      COMMAND bash "${PROJECT_SOURCE_DIR}/tests/run_sample.sh"
              $<TARGET_FILE:${exe}> "${expected}" "${ASYNCC_SAMPLE_TIMING_RE}"
      WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}/samples")
    set_tests_properties("sample/${name}" PROPERTIES TIMEOUT 120 LABELS "sample")
  endif()
endforeach()

# The Python twins: with ASYNCC_TEST_PYTHON, each samples/<name>.py that
# has a .expected runs as ctest test sample-py/<name> and must print the
# same (timing lines dropped), so a twin cannot drift from its sample.
find_program(ASYNCC_PYTHON3 python3)
# The HTTP samples' twins use httpx or aiohttp: a python3 that has both
# (Debian's /usr/bin/python3 with python3-httpx and python3-aiohttp).
set(_http_python "")
foreach(py IN ITEMS "${ASYNCC_PYTHON3}" /usr/bin/python3)
  if(py AND NOT _http_python)
    execute_process(COMMAND "${py}" -c "import httpx, aiohttp"
                    RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
    if(_rc EQUAL 0)
      set(_http_python "${py}")
    endif()
  endif()
endforeach()
if(ASYNCC_BUILD_TESTS AND ASYNCC_TEST_PYTHON AND ASYNCC_PYTHON3)
  file(GLOB _sample_pys CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/samples/*.py")
  foreach(py IN LISTS _sample_pys)
    get_filename_component(name "${py}" NAME_WE)
    set(expected "${PROJECT_SOURCE_DIR}/samples/${name}.expected")
    set(_py "${ASYNCC_PYTHON3}")
    if(name MATCHES "^http_")
      set(_py "${_http_python}")
    endif()
    if(EXISTS "${expected}" AND _py)
      add_test(NAME "sample-py/${name}"
        COMMAND bash "${PROJECT_SOURCE_DIR}/tests/run_sample.sh"
                "${_py}" "${expected}" "${ASYNCC_SAMPLE_TIMING_RE}"
                "${py}"
        WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}/samples")
      set_tests_properties("sample-py/${name}" PROPERTIES
        TIMEOUT 120 LABELS "sample;python")
    endif()
  endforeach()
endif()
