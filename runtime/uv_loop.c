/* uv_loop.c - ac_uv_loop(): the libuv loop ac_run drives, for libraries
 * (asyncc_http) that add handles of their own to it. It is valid on the
 * loop thread while ac_run runs; the runtime's own code uses ac__L. */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include "internal.h"

struct uv_loop_s *ac_uv_loop(void) { return &ac__L.uv; }
