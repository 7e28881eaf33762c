# assets/: the committed files against the generator (stipple make-assets), and the sounds.
stp_unit_test(test_assets unit/test_assets.c stipple_app SDL2_image::SDL2_image)
target_compile_definitions(test_assets PRIVATE STP_SOURCE_ASSETS="${PROJECT_SOURCE_DIR}/assets")
stp_unit_test(test_sound unit/test_sound.c stipple_render)
target_compile_definitions(test_sound PRIVATE STP_SOURCE_ASSETS="${PROJECT_SOURCE_DIR}/assets")
# How the game's messages name the trainee's files (the desktop's paths, the browser's place).
stp_unit_test(test_app_paths unit/test_app_paths.c stipple_app)
