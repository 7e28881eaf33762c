-- A zone density above 150 per cm2 (scenario call on line 3).

scenario {
  id = "range",
  title = "Range",
  brief = "b",
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 200 } },
}
