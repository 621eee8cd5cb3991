# AsynccTranslator.cmake - the translator executable `asyncc`.
#
# grammar/lexer.re (re2c) and grammar/parser.y (Lemon) are generated into
# the build tree at build time; nothing generated is ever committed. All of
# translator/*.c except main.c, plus the two generated files, form
# asyncc_translator_core, a static library the unit tests and the fuzzer
# link; the executable is main.c on top of it.

find_program(RE2C_EXECUTABLE re2c)
if(NOT RE2C_EXECUTABLE)
  message(FATAL_ERROR
    "re2c not found: install it (Debian: apt-get install re2c, or run scripts/deps.sh)")
endif()
find_program(LEMON_EXECUTABLE lemon)
if(NOT LEMON_EXECUTABLE)
  message(FATAL_ERROR
    "lemon not found: install it (Debian: apt-get install lemon, or run scripts/deps.sh)")
endif()
find_file(LEMON_TEMPLATE lempar.c
  PATHS /usr/share/lemon /usr/local/share/lemon /usr/share/sqlite3
  NO_DEFAULT_PATH)
if(NOT LEMON_TEMPLATE)
  message(FATAL_ERROR
    "lemon's template lempar.c not found (Debian package: lemon); set LEMON_TEMPLATE")
endif()

set(ASYNCC_GEN_DIR "${PROJECT_BINARY_DIR}/grammar")
file(MAKE_DIRECTORY "${ASYNCC_GEN_DIR}")

add_custom_command(
  OUTPUT "${ASYNCC_GEN_DIR}/lexer.c"
  COMMAND "${RE2C_EXECUTABLE}" -W -Werror --no-generation-date
          -o "${ASYNCC_GEN_DIR}/lexer.c" "${PROJECT_SOURCE_DIR}/grammar/lexer.re"
  DEPENDS "${PROJECT_SOURCE_DIR}/grammar/lexer.re"
  COMMENT "re2c grammar/lexer.re"
  VERBATIM)

# Lemon exits non-zero on grammar conflicts, which fails the build: that is
# what we want. It also writes parser.out, the automaton, for debugging.
add_custom_command(
  OUTPUT "${ASYNCC_GEN_DIR}/parser.c" "${ASYNCC_GEN_DIR}/parser.h"
  BYPRODUCTS "${ASYNCC_GEN_DIR}/parser.out"
  COMMAND "${LEMON_EXECUTABLE}" "-T${LEMON_TEMPLATE}" "-d${ASYNCC_GEN_DIR}"
          "${PROJECT_SOURCE_DIR}/grammar/parser.y"
  DEPENDS "${PROJECT_SOURCE_DIR}/grammar/parser.y" "${LEMON_TEMPLATE}"
  COMMENT "lemon grammar/parser.y"
  VERBATIM)

# Lemon's template declares variables and parameters some grammars never
# use; only those two warnings are relaxed, and only for parser.c.
set_source_files_properties("${ASYNCC_GEN_DIR}/parser.c" PROPERTIES
  COMPILE_OPTIONS "-Wno-unused-parameter;-Wno-unused-variable")

file(GLOB ASYNCC_TRANSLATOR_SOURCES CONFIGURE_DEPENDS
     "${PROJECT_SOURCE_DIR}/translator/*.c")
list(FILTER ASYNCC_TRANSLATOR_SOURCES EXCLUDE REGEX "/main\\.c$")

add_library(asyncc_translator_core STATIC
  ${ASYNCC_TRANSLATOR_SOURCES}
  "${ASYNCC_GEN_DIR}/lexer.c"
  "${ASYNCC_GEN_DIR}/parser.c"
  "${ASYNCC_GEN_DIR}/parser.h")
# runtime/ is there for AC_VERSION_STRING and AC_PROTOCOL_VERSION: the
# translator reports the version of the runtime it writes code for.
target_include_directories(asyncc_translator_core PUBLIC
  "${PROJECT_SOURCE_DIR}/translator" "${ASYNCC_GEN_DIR}"
  "${PROJECT_SOURCE_DIR}/runtime")
asyncc_strict_warnings(asyncc_translator_core)
# Where the translator finds asyncc.h (whose AC_AWAITABLE declarations are
# the awaitable operations it knows) when no -I names it: the installed
# header, then this source tree's.
include(GNUInstallDirs)
target_compile_definitions(asyncc_translator_core PRIVATE
  ASYNCC_INSTALL_INCLUDE_DIR="${CMAKE_INSTALL_FULL_INCLUDEDIR}"
  ASYNCC_SOURCE_RUNTIME_DIR="${PROJECT_SOURCE_DIR}/runtime")

add_executable(asyncc_translator "${PROJECT_SOURCE_DIR}/translator/main.c")
set_target_properties(asyncc_translator PROPERTIES
  OUTPUT_NAME asyncc
  EXPORT_NAME translator)
target_link_libraries(asyncc_translator PRIVATE asyncc_translator_core)
asyncc_strict_warnings(asyncc_translator)

add_executable(asyncc::translator ALIAS asyncc_translator)
