local b = band({ {0, 100}, {x = 5} }, 10, 0)
