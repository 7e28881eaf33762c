-- The least a scenario needs: id, title, brief and one zone. Everything else is a default.
scenario {
  id = "minimal",
  title = "Minimal",
  brief = "One round zone.",
  zones = {
    { id = "spot", shape = circle { x = 0, y = 150, r = 10 }, density = 40 },
  },
}
