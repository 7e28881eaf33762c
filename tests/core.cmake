# Core unit tests: pure C, no display.
stp_unit_test(test_chart unit/test_chart.c stipple_core)
stp_unit_test(test_geom unit/test_geom.c stipple_core)
stp_unit_test(test_pigment unit/test_pigment.c stipple_core)
stp_unit_test(test_colour unit/test_colour.c stipple_core)
stp_unit_test(test_shade unit/test_shade.c stipple_core)
stp_unit_test(test_score unit/test_score.c stipple_core)
stp_unit_test(test_score_hand unit/test_score_hand.c stipple_core)
stp_unit_test(test_score_layouts unit/test_score_layouts.c stipple_core)
stp_unit_test(test_score_json unit/test_score_json.c stipple_core)
stp_unit_test(test_score_map unit/test_score_map.c stipple_core)
stp_unit_test(test_game unit/test_game.c stipple_core)
stp_unit_test(test_technique unit/test_technique.c stipple_core)
stp_unit_test(test_record unit/test_record.c stipple_core)
# The time a case asks: expected impressions and minutes at a pace (stp_pace.h).
stp_unit_test(test_pace unit/test_pace.c stipple_core)
# Tissue per zone and boundary classes (issue 9): hand-computed, per class and per rule.
stp_unit_test(test_tissue unit/test_tissue.c stipple_script stipple_core)
stp_unit_test(test_boundary_classes unit/test_boundary_classes.c stipple_core)
