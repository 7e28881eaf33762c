-- A rubric criterion that does not exist (line 2).
scenario {
  id = "typo",
  title = "Typo",
  brief = "b",
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
  rubric = { density = 0.5, spacng = 0.5 },
}
