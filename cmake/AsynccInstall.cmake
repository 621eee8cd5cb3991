# AsynccInstall.cmake - what `cmake --install build --prefix P` lays out:
#   P/bin/asyncc                         the translator
#   P/include/asyncc.h                   the one public header
#   P/lib/libasyncc.a, libasyncc.so*     the runtime
#   P/lib/pkgconfig/asyncc.pc            pkg-config name `asyncc`
#   P/share/asyncc/gdb/asyncc.py         gdb's `asyncc tasks` / `asyncc bt`
#                                        (docs/debugging.md)
#   P/lib/cmake/asyncc/                  find_package(asyncc): targets
#                                        asyncc::asyncc, asyncc::asyncc_static,
#                                        asyncc::translator and the function
#                                        asyncc_target_sources()
#
# Every installed file is relocatable: the prefix is only known at install
# time (--prefix), so nothing here bakes CMAKE_INSTALL_PREFIX into a file.
include(CMakePackageConfigHelpers)

# Debian's GNUInstallDirs picks lib/<multiarch> only for the /usr prefix;
# P/lib is the layout we document, so relative paths are computed from
# whatever libdir is in effect.
set(ASYNCC_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/asyncc")

install(TARGETS asyncc_translator asyncc_runtime asyncc_runtime_static
  EXPORT asyncc-targets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  PUBLIC_HEADER DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

install(EXPORT asyncc-targets
  NAMESPACE asyncc::
  FILE asyncc-targets.cmake
  DESTINATION "${ASYNCC_CMAKE_DIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/asyncc-config.cmake.in"
  "${PROJECT_BINARY_DIR}/asyncc-config.cmake"
  INSTALL_DESTINATION "${ASYNCC_CMAKE_DIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/asyncc-config-version.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/asyncc-config.cmake"
  "${PROJECT_BINARY_DIR}/asyncc-config-version.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/AsynccFunctions.cmake"
  DESTINATION "${ASYNCC_CMAKE_DIR}")

install(FILES "${PROJECT_SOURCE_DIR}/scripts/gdb/asyncc.py"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/asyncc/gdb")

# asyncc.pc finds its prefix from its own location (${pcfiledir}).
set(_pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
file(RELATIVE_PATH ASYNCC_PC_TO_PREFIX "/root/${_pc_dir}" "/root")
string(REGEX REPLACE "/$" "" ASYNCC_PC_TO_PREFIX "${ASYNCC_PC_TO_PREFIX}")
if(ASYNCC_PC_RPATH)
  set(ASYNCC_PC_RPATH_FLAG "-Wl,-rpath,\${libdir}")
else()
  set(ASYNCC_PC_RPATH_FLAG "")
endif()
configure_file("${PROJECT_SOURCE_DIR}/asyncc.pc.in"
               "${PROJECT_BINARY_DIR}/asyncc.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/asyncc.pc" DESTINATION "${_pc_dir}")

# Installs the libraries TARGETS... of component NAME (http, mpi): their
# export set asyncc-NAME-targets, which asyncc-config.cmake includes when
# find_package(asyncc COMPONENTS NAME) asks, and the pkg-config file made
# from asyncc-NAME.pc.in.
function(asyncc_install_component name)
  install(TARGETS ${ARGN}
    EXPORT asyncc-${name}-targets
    LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    PUBLIC_HEADER DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
  install(EXPORT asyncc-${name}-targets
    NAMESPACE asyncc::
    FILE asyncc-${name}-targets.cmake
    DESTINATION "${ASYNCC_CMAKE_DIR}")
  configure_file("${PROJECT_SOURCE_DIR}/asyncc-${name}.pc.in"
                 "${PROJECT_BINARY_DIR}/asyncc-${name}.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/asyncc-${name}.pc"
          DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endfunction()
