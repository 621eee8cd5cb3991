# AsynccRuntime.cmake - the runtime library, libasyncc.a and libasyncc.so.
#
# Both are built from one set of position-independent objects, compiled
# once. Targets:
#   asyncc_runtime         shared library, exported as asyncc::asyncc
#   asyncc_runtime_static  static library, exported as asyncc::asyncc_static
# In-tree code links the alias asyncc::asyncc, like an installed user would.
#
# libuv is private: the public header does not expose it. The shared
# library records it as DT_NEEDED; the static one carries it as a link-only
# dependency (and asyncc.pc as Requires.private).

file(GLOB ASYNCC_RUNTIME_SOURCES CONFIGURE_DEPENDS
     "${PROJECT_SOURCE_DIR}/runtime/*.c")
if(NOT ASYNCC_RUNTIME_SOURCES)
  message(FATAL_ERROR "no runtime/*.c found")
endif()

add_library(asyncc_runtime_objects OBJECT ${ASYNCC_RUNTIME_SOURCES})
set_target_properties(asyncc_runtime_objects PROPERTIES
  POSITION_INDEPENDENT_CODE ON
  C_VISIBILITY_PRESET default)
target_include_directories(asyncc_runtime_objects PRIVATE
  "${PROJECT_SOURCE_DIR}/runtime")
target_link_libraries(asyncc_runtime_objects PRIVATE PkgConfig::LIBUV)
asyncc_strict_warnings(asyncc_runtime_objects)

foreach(kind IN ITEMS SHARED STATIC)
  if(kind STREQUAL "SHARED")
    set(tgt asyncc_runtime)
    set(export_name asyncc)
  else()
    set(tgt asyncc_runtime_static)
    set(export_name asyncc_static)
  endif()
  add_library(${tgt} ${kind} $<TARGET_OBJECTS:asyncc_runtime_objects>)
  set_target_properties(${tgt} PROPERTIES
    OUTPUT_NAME asyncc
    EXPORT_NAME ${export_name}
    PUBLIC_HEADER "${PROJECT_SOURCE_DIR}/runtime/asyncc.h")
  target_include_directories(${tgt} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/runtime>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  # Generated code uses _Generic (ac_run): its users need C11.
  target_compile_features(${tgt} PUBLIC c_std_11)
  target_link_libraries(${tgt} PRIVATE PkgConfig::LIBUV Threads::Threads)
endforeach()

set_target_properties(asyncc_runtime PROPERTIES
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR})

add_library(asyncc::asyncc ALIAS asyncc_runtime)
add_library(asyncc::asyncc_static ALIAS asyncc_runtime_static)
