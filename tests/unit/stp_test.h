/* stp_test.h - included by every cmocka test right after <cmocka.h>.
 *
 * cmocka's assert_float_equal(a, b, eps) fails only when |a - b| > eps, a comparison that is
 * false when either side is NaN: a score, a figure or a map cell that came out NaN passed
 * every test that checked its value. Here a NaN on either side fails, with both values
 * printed in full. Equal infinities pass (the difference of two is NaN). */
#ifndef STP_TEST_H
#define STP_TEST_H

#include <math.h>

static inline void stp_test_near(double a, double b, double eps, const char *ea, const char *eb, const char *file,
                                 int line) {
  if (a == b || (!isnan(a) && !isnan(b) && fabs(a - b) <= eps)) return;
  print_error("%s (%.17g) != %s (%.17g) within %g\n", ea, a, eb, b, eps);
  _fail(file, line);
}

#undef assert_float_equal
#define assert_float_equal(a, b, epsilon) \
  stp_test_near((double)(a), (double)(b), (double)(epsilon), #a, #b, __FILE__, __LINE__)

#endif
