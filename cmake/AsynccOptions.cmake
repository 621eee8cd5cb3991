# AsynccOptions.cmake - the build's switches and the compiler flags every
# project target shares.
#
# Included first by the top-level CMakeLists.txt. Only project code gets the
# strict warnings (asyncc_strict_warnings); code we generate with Lemon gets
# a narrower set (see AsynccTranslator.cmake), because its template trips
# -Wunused-* in ways we cannot fix without editing Lemon's output.

option(ASYNCC_BUILD_TESTS "Build the tests and register them with ctest" ON)
option(ASYNCC_BUILD_SAMPLES "Build samples/*.ac into programs" ON)
option(ASYNCC_TEST_PYTHON
       "Also run tests/e2e/*.py with python3 against their .out files" ON)
option(ASYNCC_PC_RPATH
       "Put -Wl,-rpath,<libdir> into asyncc.pc so programs built with pkg-config run from any prefix"
       ON)
set(ASYNCC_SANITIZE "" CACHE STRING
    "Sanitizers for everything, tests included: e.g. address,undefined or thread")

# -Wall -Wextra -pedantic -Werror on TARGET for gcc and clang.
function(asyncc_strict_warnings target)
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -pedantic -Werror)
  endif()
endfunction()

# Adds -fsanitize=$ASYNCC_SANITIZE to every compile and link from here on.
# Called before any target exists so that the library, the translator and
# the tests are all instrumented the same way (mixing instrumented and
# uninstrumented code hides bugs at the seams).
macro(asyncc_apply_sanitizers)
  if(ASYNCC_SANITIZE)
    if(NOT CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
      message(FATAL_ERROR "ASYNCC_SANITIZE needs gcc or clang")
    endif()
    add_compile_options(-fsanitize=${ASYNCC_SANITIZE} -fno-omit-frame-pointer
                        -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${ASYNCC_SANITIZE})
    message(STATUS "asyncc: sanitizers ${ASYNCC_SANITIZE}")
  endif()
endmacro()
