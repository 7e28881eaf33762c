# Certification (#10): the cert layer (SHA-256, station keys, the sealed bundle), verify and
# keys (in-process through stipple_app, and the real binary), and the input record's fuzz
# target with its corpus run.

stp_unit_test(test_bundle unit/test_bundle.c stipple_app PkgConfig::LIBZIP)
stp_unit_test(test_verify unit/test_verify.c stipple_app PkgConfig::LIBZIP)
target_compile_definitions(test_verify PRIVATE STIPPLE_BIN="$<TARGET_FILE:stipple>")
add_dependencies(test_verify stipple)
