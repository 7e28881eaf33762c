-- A case that hides its zones and the density overlay but allows the grain arrows.
scenario {
  id = "overlays-fixture",
  title = "Overlays",
  brief = "Judge the density by eye.",
  overlays = { zones = false, density = false },
  zones = { { id = "field", shape = rect { x = -10, y = 130, w = 20, h = 20 }, density = 30 } },
}
