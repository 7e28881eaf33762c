# Render: golden images of the headless (software) renderer, compared with a tolerance.
stp_unit_test(test_golden unit/test_golden.c stipple_render SDL2_image::SDL2_image)
