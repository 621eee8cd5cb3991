# AsynccFunctions.cmake - asyncc_target_sources(<target> <file>...).
#
# For each .ac (or .ah) file, a custom command runs the translator
#   asyncc -I <dir of the file> [-I <each include dir of target>]
#          --write-headers -MD -MF <out>.d -o <out> <file>
# and the output (.c for .ac, .h for .ah) is added to TARGET's sources,
# which is then linked to the runtime. The depfile lists the .ah files the
# translator read, so editing one retranslates its users (Ninja, and
# Makefiles on CMake >= 3.20).
#
# Outputs go to <current binary dir>/asyncc-gen/<target>/, mirroring the path
# of the file below the current source dir: two targets may translate the
# same file without two rules producing one output. That directory, and
# the directory of each file, are added to TARGET's include path so that
# the user's own headers are found.
#
# The .ah files an .ac includes need not be listed. --write-headers makes
# each command also write x.h for every "x.ah" its file reads (found beside
# the file or in an include dir, and the .ah files those include), beside
# its own output under the name the #include spells: exactly where the
# rewritten `#include "x.h"` looks first. So:
#   - x.h exists before the .c that includes it compiles, because the
#     command that writes that .c wrote x.h first (no ordering to declare);
#   - an edited x.ah is in the depfile of every command that read it: each
#     retranslates its file and rewrites its x.h;
#   - x.h is rewritten only when its text changes (by atomic rename), so
#     two .ac files of a target that share an .ah may both write it, in
#     parallel, without a race or a needless recompile; two targets have
#     separate directories.
# Why not declare those headers as BYPRODUCTS: which .ah a file includes is
# known only once the translator has read it, at build time, and two rules
# of one target may not both declare the header they share. The headers are
# therefore unknown to the build tool: `clean` leaves them (they are
# rewritten on the next build), and deleting one by hand needs a touch of
# an .ac that includes it.
# Still list an .ah when a plain .c file of the target includes its x.h.
#
# Written once for both uses: in the asyncc build tree and from an
# installed package. The translator and the runtime are named by the
# variables ASYNCC_TRANSLATOR and ASYNCC_RUNTIME, which default to the
# targets asyncc::translator and asyncc::asyncc (the asyncc build tree
# defines them as aliases of its own targets).

# A function records the policies in effect where it is defined; pin the
# ones this code relies on (CMP0116: depfile paths under Ninja) whatever
# version the including project asks for.
if(CMAKE_VERSION VERSION_LESS 3.20)
  message(FATAL_ERROR "asyncc_target_sources needs CMake 3.20 or newer")
endif()
cmake_policy(PUSH)
cmake_policy(VERSION 3.20)

function(asyncc_target_sources target)
  if(NOT TARGET "${target}")
    message(FATAL_ERROR "asyncc_target_sources: no target named ${target}")
  endif()
  set(translator "${ASYNCC_TRANSLATOR}")
  if(NOT translator)
    set(translator asyncc::translator)
  endif()
  set(runtime "${ASYNCC_RUNTIME}")
  if(NOT runtime)
    set(runtime asyncc::asyncc)
  endif()

  # The translator reads .ah files from these directories.
  set(target_incs "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
  set(inc_args
      "$<$<BOOL:${target_incs}>:-I;$<JOIN:$<REMOVE_DUPLICATES:${target_incs}>,;-I;>>")
  set(new_incs "")

  set(gen_root "${CMAKE_CURRENT_BINARY_DIR}/asyncc-gen/${target}")
  set(use_depfile FALSE)
  if(CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
    set(use_depfile TRUE)
  endif()

  foreach(file IN LISTS ARGN)
    get_filename_component(src "${file}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(src_dir "${src}" DIRECTORY)
    get_filename_component(ext "${src}" LAST_EXT)
    if(ext STREQUAL ".ac")
      set(out_ext ".c")
    elseif(ext STREQUAL ".ah")
      set(out_ext ".h")
    else()
      message(FATAL_ERROR
        "asyncc_target_sources: ${file} is neither a .ac nor a .ah file")
    endif()

    # <name>.c below gen_root, keeping the file's subdirectory when it lies
    # under the current source dir.
    file(RELATIVE_PATH rel "${CMAKE_CURRENT_SOURCE_DIR}" "${src}")
    if(rel MATCHES "^\\.\\./" OR IS_ABSOLUTE "${rel}")
      get_filename_component(rel "${src}" NAME)
    endif()
    string(REGEX REPLACE "\\.a[ch]$" "${out_ext}" rel "${rel}")
    set(out "${gen_root}/${rel}")
    get_filename_component(out_dir "${out}" DIRECTORY)
    file(MAKE_DIRECTORY "${out_dir}")

    set(dep_args "")
    set(depfile_opt "")
    if(use_depfile)
      set(dep_args -MD -MF "${out}.d")
      set(depfile_opt DEPFILE "${out}.d")
    endif()

    add_custom_command(
      OUTPUT "${out}"
      COMMAND ${translator} "${inc_args}" --write-headers ${dep_args}
              -o "${out}" "${src}"
      DEPENDS "${src}" ${translator}
      ${depfile_opt}
      COMMENT "asyncc ${file}"
      COMMAND_EXPAND_LISTS
      VERBATIM)
    set_source_files_properties("${out}" PROPERTIES GENERATED TRUE)
    target_sources(${target} PRIVATE "${out}")
    list(APPEND new_incs "${src_dir}" "${out_dir}")
  endforeach()

  list(REMOVE_DUPLICATES new_incs)
  target_include_directories(${target} PRIVATE ${new_incs})

  target_link_libraries(${target} PRIVATE ${runtime})
endfunction()

cmake_policy(POP)
