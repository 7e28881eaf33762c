/* stp_test.h - included by every cmocka test right after <cmocka.h>.
 *
 * cmocka's assert_float_equal(a, b, eps) (1.1.x, Debian 12) is weaker than its name:
 * - it converts both sides and eps to float, so values agreeing to 7 digits are equal
 *   whatever eps says (1e-9 on a score of 100 checks nothing past 1e-5);
 * - it fails only when the difference exceeds eps, a comparison that is false when either
 *   side is NaN: a score, figure or map cell that came out NaN passed;
 * - its macro casts `(float)a` without parentheses, so `a - b` is `(float)a - b`.
 * Here the comparison is in double, a NaN on either side fails, both values are printed in
 * full, and equal infinities pass (the difference of two is NaN). */
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
