-- overlays: "grian" is not a key (did you mean "grain"?)
scenario {
  id = "overlays-typo",
  title = "Typo",
  brief = "x",
  overlays = { grian = false },
  zones = { { id = "field", shape = rect { x = -10, y = 130, w = 20, h = 20 }, density = 30 } },
}
