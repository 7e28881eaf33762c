-- pass_mark is out of 100 (line 2).
scenario {
  id = "range", title = "Range", brief = "b", pass_mark = 101,
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
