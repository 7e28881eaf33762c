# Render: golden images of the headless (software) renderer, compared with a tolerance.
stp_unit_test(test_golden unit/test_golden.c stipple_render SDL2_image::SDL2_image)
stp_unit_test(test_heal_render unit/test_heal_render.c stipple_render)
stp_unit_test(test_blush unit/test_blush.c stipple_render)
stp_unit_test(test_surface_render unit/test_surface_render.c stipple_render)
