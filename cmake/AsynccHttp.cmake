# AsynccHttp.cmake - the HTTP client library, libasyncc_http (http/).
#
# A library of its own, beside libasyncc: programs that never make an HTTP
# request do not link libcurl. Built only when pkg-config finds libcurl
# (ASYNCC_HTTP=AUTO, the default; ON makes libcurl required, OFF skips it).
# Targets:
#   asyncc_http         shared library, exported as asyncc::http
#   asyncc_http_static  static library libasyncc_http.a, exported as
#                       asyncc::http_static (links asyncc::asyncc_static)
#                       (installed header asyncc_http.h, pkg-config name
#                       asyncc-http, CMake export file asyncc-http-targets)
# The library is partly written in asyncc: http/chunks.ac (the generator
# ac_http_chunks) is translated at build time by this build's translator.
# Installed beside asyncc_http.h: asyncc_http_chunks.ah, which declares it
# for the translator, and its translation asyncc_http_chunks.h, which the
# C compiler needs when a user translates without --write-headers.
set(ASYNCC_HTTP AUTO CACHE STRING "Build libasyncc_http (needs libcurl): AUTO, ON or OFF")

if(ASYNCC_HTTP STREQUAL "OFF")
  return()
endif()
if(ASYNCC_HTTP STREQUAL "ON")
  pkg_check_modules(LIBCURL REQUIRED IMPORTED_TARGET GLOBAL libcurl>=7.85)
else()
  pkg_check_modules(LIBCURL IMPORTED_TARGET GLOBAL libcurl>=7.85)
  if(NOT LIBCURL_FOUND)
    message(STATUS "libcurl not found: libasyncc_http is not built")
    return()
  endif()
endif()

# Both built from one set of position-independent objects, as the runtime's.
add_library(asyncc_http_objects OBJECT "${PROJECT_SOURCE_DIR}/http/http.c")
set_target_properties(asyncc_http_objects PROPERTIES POSITION_INDEPENDENT_CODE ON)
target_include_directories(asyncc_http_objects PRIVATE "${PROJECT_SOURCE_DIR}/http")
target_link_libraries(asyncc_http_objects PRIVATE asyncc_runtime
  PkgConfig::LIBCURL PkgConfig::LIBUV)
# asyncc_target_sources() is defined by AsynccFunctions, which the top
# level includes only after this file; including it here too is harmless.
# Listing the .ah gives its header a known path, installed below.
include(AsynccFunctions)
asyncc_target_sources(asyncc_http_objects
  "${PROJECT_SOURCE_DIR}/http/chunks.ac" "${PROJECT_SOURCE_DIR}/http/asyncc_http_chunks.ah")
asyncc_strict_warnings(asyncc_http_objects)
# The installed translation of the .ah is made again without #line
# markers: the build's own names this source tree and this build tree.
set(_ac_http_chunks_install_h "${CMAKE_CURRENT_BINARY_DIR}/asyncc-install/asyncc_http_chunks.h")
add_custom_command(OUTPUT "${_ac_http_chunks_install_h}"
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${CMAKE_CURRENT_BINARY_DIR}/asyncc-install"
  COMMAND asyncc_translator --no-line -I "${PROJECT_SOURCE_DIR}/http"
          -o "${_ac_http_chunks_install_h}" "${PROJECT_SOURCE_DIR}/http/asyncc_http_chunks.ah"
  DEPENDS asyncc_translator "${PROJECT_SOURCE_DIR}/http/asyncc_http_chunks.ah"
  COMMENT "asyncc --no-line asyncc_http_chunks.ah (installed header)"
  VERBATIM)
add_custom_target(asyncc_http_installed_header ALL DEPENDS "${_ac_http_chunks_install_h}")

foreach(kind IN ITEMS SHARED STATIC)
  if(kind STREQUAL "SHARED")
    set(tgt asyncc_http)
    set(export_name http)
    set(runtime asyncc_runtime)
  else()
    set(tgt asyncc_http_static)
    set(export_name http_static)
    set(runtime asyncc_runtime_static)
  endif()
  add_library(${tgt} ${kind} $<TARGET_OBJECTS:asyncc_http_objects>)
  set_target_properties(${tgt} PROPERTIES
    OUTPUT_NAME asyncc_http
    EXPORT_NAME ${export_name}
    PUBLIC_HEADER "${PROJECT_SOURCE_DIR}/http/asyncc_http.h;${PROJECT_SOURCE_DIR}/http/asyncc_http_chunks.ah;${_ac_http_chunks_install_h}")
  target_include_directories(${tgt} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/http>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  # libuv is used directly (poll handles on the runtime's loop) but not
  # exposed; a static library carries both as link-only dependencies.
  target_link_libraries(${tgt} PUBLIC ${runtime}
    PRIVATE PkgConfig::LIBCURL PkgConfig::LIBUV)
endforeach()
set_target_properties(asyncc_http PROPERTIES
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR})
add_library(asyncc::http ALIAS asyncc_http)
add_library(asyncc::http_static ALIAS asyncc_http_static)

asyncc_install_component(http asyncc_http asyncc_http_static)
