-- Version 2 of the tiny case (only this comment differs): a one-square-centimetre case for the certify tests: ten dots inside pass, dots outside fail.
scenario {
  id = "tiny",
  title = "Tiny square",
  brief = "Ten dots inside the square.",
  pass_mark = 50,
  zones = {
    { id = "square", name = "Square", shape = rect { x = -5, y = 140, w = 10, h = 10 }, density = 10, angle = 270 },
  },
  rubric = { boundary = { weight = 1 } },
}
