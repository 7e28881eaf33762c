# Font module (engine/render/stp_font.c): headless cmocka test on a software renderer.
stp_unit_test(test_font unit/test_font.c stipple_render)
