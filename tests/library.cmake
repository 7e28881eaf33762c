# The bundled scenario library (scenarios/*.lua): every case loads, passes `stipple check`
# (the linter in engine/app/stp_check.c, built into the test), an expert work generated
# from its targets passes it and an empty work fails it.
stp_unit_test(test_library unit/test_library.c stipple_script stipple_core)
target_sources(test_library PRIVATE ${PROJECT_SOURCE_DIR}/engine/app/stp_check.c)
target_include_directories(test_library PRIVATE ${PROJECT_SOURCE_DIR}/engine/app)
