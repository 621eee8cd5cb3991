# AsynccMpi.cmake - process pools on MPI ranks, libasyncc_mpi (mpi/).
#
# A library of its own, beside libasyncc: programs that never use an MPI
# pool do not link MPI, and the core never includes mpi.h. Built only when
# CMake's FindMPI finds a C MPI (ASYNCC_MPI=AUTO, the default; ON makes it
# required, OFF skips it). Only standard MPI-3 calls are used, so Open MPI
# and MPICH both serve.
# Targets:
#   asyncc_mpi          shared library, exported as asyncc::asyncc_mpi
#                       (installed header asyncc_mpi.h, pkg-config name
#                       asyncc-mpi, CMake export file asyncc-mpi-targets)
set(ASYNCC_MPI AUTO CACHE STRING "Build libasyncc_mpi (needs MPI): AUTO, ON or OFF")

if(ASYNCC_MPI STREQUAL "OFF")
  return()
endif()
if(ASYNCC_MPI STREQUAL "ON")
  find_package(MPI REQUIRED COMPONENTS C)
else()
  find_package(MPI QUIET COMPONENTS C)
  if(NOT MPI_C_FOUND)
    message(STATUS "MPI not found: libasyncc_mpi is not built")
    return()
  endif()
endif()

add_library(asyncc_mpi SHARED
  "${PROJECT_SOURCE_DIR}/mpi/mpi_common.c"
  "${PROJECT_SOURCE_DIR}/mpi/mpi_worker.c"
  "${PROJECT_SOURCE_DIR}/mpi/pool_mpi.c")
set_target_properties(asyncc_mpi PROPERTIES
  EXPORT_NAME asyncc_mpi
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}
  PUBLIC_HEADER "${PROJECT_SOURCE_DIR}/mpi/asyncc_mpi.h")
target_include_directories(asyncc_mpi PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/mpi>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
# The pool backend uses the runtime's internal pool.h (libuv's headers
# come with it); MPI stays private: asyncc_mpi.h does not include mpi.h.
target_include_directories(asyncc_mpi PRIVATE "${PROJECT_SOURCE_DIR}/runtime")
target_link_libraries(asyncc_mpi PUBLIC asyncc_runtime
  PRIVATE MPI::MPI_C PkgConfig::LIBUV Threads::Threads)
asyncc_strict_warnings(asyncc_mpi)
add_library(asyncc::asyncc_mpi ALIAS asyncc_mpi)

asyncc_install_component(mpi asyncc_mpi)
