# Robust files (#10, item 8): each attack on the file handling, the output writes, the
# work lock, the scenario's text and hair, the display check and bench's options.
# Runs the stipple binary (as test_cli does) and calls core, script and render directly.
stp_unit_test(test_robust unit/test_robust.c stipple_script stipple_render SDL2::SDL2)
target_compile_definitions(test_robust PRIVATE STIPPLE_BIN="$<TARGET_FILE:stipple>")
add_dependencies(test_robust stipple)
