-- 'titel' at the top level (line 2).
scenario {
  id = "typo",
  titel = "Typo",
  brief = "b",
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
