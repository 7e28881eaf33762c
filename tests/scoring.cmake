# Scoring: target fields, generated works proving what the scores mean, the CLI.
stp_unit_test(test_field unit/test_field.c stipple_core)
stp_unit_test(test_scoring_proof unit/test_scoring_proof.c stipple_core)
stp_unit_test(test_cli_scoring unit/test_cli_scoring.c stipple_core stipple_script SDL2::SDL2
              SDL2_image::SDL2_image PkgConfig::CJSON)
target_compile_definitions(test_cli_scoring PRIVATE STIPPLE_BIN="$<TARGET_FILE:stipple>")
add_dependencies(test_cli_scoring stipple)
# Every bundled case judged as an assessor would, on works built from `stipple targets`.
stp_unit_test(test_assessor unit/test_assessor.c PkgConfig::CJSON m)
target_compile_definitions(test_assessor PRIVATE STIPPLE_BIN="$<TARGET_FILE:stipple>")
add_dependencies(test_assessor stipple)
