# Input tests: synthetic SDL events (dummy video driver, no display).
stp_unit_test(test_input unit/test_input.c stipple_input)
