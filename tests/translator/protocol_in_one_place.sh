#!/usr/bin/env bash
# protocol_in_one_place.sh SRCDIR - the runtime is named in protocol.c only.
#
# Takes the translator's source directory. The lowering (lower*.c) and
# the driver (emit.c) must not spell a runtime name: no string literal in
# their code (comments do not count) may contain an entry point or macro
# of asyncc.h's protocol (ac__x, AC__X), the frame header's field
# (ac_hdr) or a runtime type (ac_frame_t, ac_task_t, ac_job_t, ac_void_t,
# AC_TASK_TYPE); they ask protocol.c's helpers. Exits 0, or 1 and prints
# each offending line.
set -euo pipefail
dir=$1
status=0
for file in "$dir"/lower*.c "$dir"/emit.c; do
  # the code without comments (the preprocessor's own comment stripping;
  # nothing is expanded), then its string literals
  hits=$(gcc -fpreprocessed -dD -E -P -x c "$file" 2>/dev/null |
    grep -noE '"([^"\\]|\\.)*"' |
    grep -E 'ac__[A-Za-z_]|AC__[A-Z_]|ac_hdr|ac_(frame|task|job|void)_t|AC_TASK_TYPE' || true)
  if [[ -n $hits ]]; then
    echo "protocol_in_one_place: $(basename "$file") spells runtime names (ask protocol.c):"
    printf '  %s\n' "$hits"
    status=1
  fi
done
[[ $status == 0 ]] && echo "protocol_in_one_place: lower*.c and emit.c name no runtime entry point"
exit $status
