/* error.c - names for failure codes, generated from AC_ERRNO_MAP.
 *
 * The enum in asyncc.h and both functions here expand the same X-macro
 * list, so a code cannot exist without its text (libuv's uv-common.c does
 * the same with UV_ERRNO_MAP).
 */
#include <string.h>

#include "asyncc.h"

const char *ac_strerror(int code) {
  switch (code) {
#define AC__STRERROR_CASE(name, value, text) \
  case AC_##name:                            \
    return text;
    AC_ERRNO_MAP(AC__STRERROR_CASE)
#undef AC__STRERROR_CASE
  default:
    break;
  }
  if (code == 0) return "success";
  /* Codes between -1 and -4094 are -errno: the system has words for them. */
  if (code < 0 && code > AC_EOF) return strerror(-code);
  return "unknown error";
}

const char *ac_err_name(int code) {
  switch (code) {
#define AC__ERR_NAME_CASE(name, value, text) \
  case AC_##name:                            \
    return #name;
    AC_ERRNO_MAP(AC__ERR_NAME_CASE)
#undef AC__ERR_NAME_CASE
  default:
    return "UNKNOWN";
  }
}
