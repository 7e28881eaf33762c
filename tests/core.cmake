# Core unit tests: pure C, no display.
stp_unit_test(test_chart unit/test_chart.c stipple_core)
stp_unit_test(test_pigment unit/test_pigment.c stipple_core)
stp_unit_test(test_colour unit/test_colour.c stipple_core)
stp_unit_test(test_shade unit/test_shade.c stipple_core)
stp_unit_test(test_score unit/test_score.c stipple_core)
stp_unit_test(test_score_layouts unit/test_score_layouts.c stipple_core)
stp_unit_test(test_score_json unit/test_score_json.c stipple_core)
stp_unit_test(test_game unit/test_game.c stipple_core)
