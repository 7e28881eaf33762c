-- Fitzpatrick 7 does not exist (line 2).
scenario {
  id = "range",
  title = "Range",
  brief = "b",
  client = { skin = 7 },
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
