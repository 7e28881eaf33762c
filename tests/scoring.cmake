# Scoring: target fields, generated works proving what the scores mean, the CLI.
stp_unit_test(test_field unit/test_field.c stipple_core)
stp_unit_test(test_scoring_proof unit/test_scoring_proof.c stipple_core)
stp_unit_test(test_cli_scoring unit/test_cli_scoring.c stipple_core stipple_script SDL2::SDL2
              SDL2_image::SDL2_image PkgConfig::CJSON)
target_compile_definitions(test_cli_scoring PRIVATE STIPPLE_BIN="$<TARGET_FILE:stipple>")
add_dependencies(test_cli_scoring stipple)
# Every bundled case judged as an assessor would, on works built from `stipple targets`.
# The cases are judged in parts ("K/N" on the command line) so that `ctest -j` runs the
# parts side by side; one part per test, the same flags and environment as stp_unit_test.
set(STP_ASSESSOR_PARTS 4)
add_executable(test_assessor unit/test_assessor.c)
target_compile_options(test_assessor PRIVATE ${STIPPLE_WARNINGS})
target_compile_definitions(test_assessor PRIVATE STP_SCENARIO_DIR="${PROJECT_SOURCE_DIR}/scenarios"
                           STIPPLE_BIN="$<TARGET_FILE:stipple>")
target_link_libraries(test_assessor PRIVATE PkgConfig::CMOCKA PkgConfig::CJSON m)
add_dependencies(test_assessor stipple)
foreach(k RANGE 1 ${STP_ASSESSOR_PARTS})
  add_test(NAME test_assessor_${k} COMMAND test_assessor ${k}/${STP_ASSESSOR_PARTS})
  set_tests_properties(test_assessor_${k} PROPERTIES ENVIRONMENT "SDL_VIDEODRIVER=dummy;SDL_AUDIODRIVER=dummy")
endforeach()
# The scorer over time: sessions against their plans, the healed whole, touch-ups (issue #8).
stp_unit_test(test_score_time unit/test_score_time.c stipple_core)
stp_unit_test(test_time_cheats unit/test_time_cheats.c stipple_script stipple_core)
