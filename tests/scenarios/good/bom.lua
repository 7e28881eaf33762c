-- Saved by an editor that writes a byte order mark.
scenario {
  id = "bom",
  title = "BOM",
  brief = "UTF-8 with a BOM.",
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
