-- A shape constructor with a wrong key: reported at the constructor's line (3).
local shapes = {
  rect { x = 0, y = 100, w = 10, hight = 10 },
}
