-- rubric.spacing.zero and max_merged_fraction are one setting: two different values are an error.
scenario { id = "t", title = "t", brief = "b",
  zones = { { id = "z", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 20 } },
  rubric = { spacing = { weight = 1, zero = 0.2, max_merged_fraction = 0.3 } } }
