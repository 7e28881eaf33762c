-- moved past the chart's range of coordinates
local far = move(rect { x = 0, y = 100, w = 10, h = 10 }, 995, 0)
