-- A course of three sessions with a plan at both levels, healing parameters, a client's sun
-- and aftercare, and a touch-up's history: every key of docs/scenario-api.md "Sessions".
scenario {
  id = "sessions-plan", title = "Sessions", brief = "Three sessions.",
  sessions = 3,
  plan = { { density = 0.3, ink = 0.35 }, { density = 0.7, ink = 0.5 }, { density = 1 } },
  healing = { interval = 10, redness = 2, flaking = { 3, 5 }, settled = 7, loss = 0.1,
              loss_shallow = 0.4, loss_scar = 0.6, fade = 0.09, spread = 0.005, scar_fade = 2 },
  client = { skin = 4, sun = 0.4, aftercare = 0.8 },
  history = { age = 4.5, density = 0.6, ink = 0.5, sessions = 2, seed = 11 },
  zones = {
    { id = "top", shape = rect { x = -30, y = 120, w = 60, h = 40 }, density = 30 },
    { id = "crown", shape = circle { x = 0, y = 190, r = 20 }, density = 25,
      plan = { { density = 0.4, needle = 0.18 }, { density = 0.8, pigment = "dark-brown" }, { density = 1 } } },
  },
}
