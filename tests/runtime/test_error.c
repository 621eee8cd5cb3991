/* test_error.c - ac_strerror and ac_err_name from AC_ERRNO_MAP. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "asyncc.h"

TestSuite(error, .timeout = 10);

Test(error, names_and_texts) {
  cr_assert_str_eq(ac_err_name(AC_ECANCELED), "ECANCELED");
  cr_assert_str_eq(ac_err_name(AC_ETIMEDOUT), "ETIMEDOUT");
  cr_assert_str_eq(ac_err_name(AC_EBADSTATE), "EBADSTATE");
  cr_assert_str_eq(ac_err_name(12345), "UNKNOWN");
  cr_assert_str_eq(ac_strerror(AC_ECANCELED), "operation canceled");
  cr_assert_str_eq(ac_strerror(AC_EOF), "end of file");
  cr_assert_str_eq(ac_strerror(AC_EWORKERDIED), "worker process died");
}

Test(error, codes_are_minus_errno) {
  cr_assert_eq(AC_ECANCELED, -ECANCELED);
  cr_assert_eq(AC_ETIMEDOUT, -ETIMEDOUT);
  cr_assert_eq(AC_EINVAL, -EINVAL);
}

Test(error, unknown_codes) {
  /* -errno not in the list: the system's words. */
  cr_assert_str_eq(ac_strerror(-EXDEV), strerror(EXDEV));
  cr_assert_str_eq(ac_strerror(-4999), "unknown error");
  cr_assert_str_eq(ac_strerror(7), "unknown error");
  cr_assert_not_null(ac_strerror(0));
}
