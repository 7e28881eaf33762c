-- 'densty' in zone 1: reported at the line of the scenario call (4) with a suggestion.
local field = rect { x = -20, y = 120, w = 40, h = 30 }

scenario {
  id = "typo",
  title = "Typo",
  brief = "A typo in a zone.",
  zones = { { id = "field", shape = field, densty = 30 } },
}
