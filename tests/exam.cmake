# Exam mode's life on the station (stp_exam, in the app library): folder, lock, resume, seal.
stp_unit_test(test_exam unit/test_exam.c stipple_app)
