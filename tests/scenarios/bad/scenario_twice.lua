-- scenario is called twice: the second call (line 6) is the error.
scenario {
  id = "one", title = "One", brief = "b",
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
scenario {
  id = "two", title = "Two", brief = "b",
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
