/* stp_screen_menu.c - the curriculum menu: the bundled cases in file-name order. */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

static int cmp_entry(const void *a, const void *b) {
  return strcmp(((const menu_entry *)a)->path, ((const menu_entry *)b)->path);
}

/* List the bundled scenarios in file-name order (their numbers set the curriculum). */
static void menu_load(play *p) {
  char dir[1024];
  if (stp_app_find_data("scenarios", dir, sizeof dir) != 0) return;
  free(p->menu);
  p->menu = calloc(MENU_MAX, sizeof *p->menu);
  p->menu_count = 0;
  DIR *dh = p->menu ? opendir(dir) : NULL;
  if (!dh) return;
  struct dirent *de;
  while ((de = readdir(dh)) && p->menu_count < MENU_MAX) {
    size_t n = strlen(de->d_name);
    if (n < 5 || strcmp(de->d_name + n - 4, ".lua") != 0) continue;
    int len = snprintf(p->menu[p->menu_count].path, sizeof p->menu[0].path, "%s/%s", dir, de->d_name);
    if (len > 0 && (size_t)len < sizeof p->menu[0].path) p->menu_count++;
  }
  closedir(dh);
  qsort(p->menu, (size_t)p->menu_count, sizeof *p->menu, cmp_entry);
  stp_scenario *scn = malloc(sizeof *scn);
  for (int i = 0; scn && i < p->menu_count; i++) {
    menu_entry *m = &p->menu[i];
    stp_error err;
    stp_error_clear(&err);
    if (stp_app_load_scenario(m->path, scn, &err) == STP_OK) {
      snprintf(m->title, sizeof m->title, "%s", scn->title);
      snprintf(m->line, sizeof m->line, "difficulty %d of 5 · %d session%s · pass mark %.0f", scn->difficulty,
               scn->sessions, scn->sessions == 1 ? "" : "s", scn->rubric.pass_mark);
    } else {
      const char *base = strrchr(m->path, '/');
      int len = snprintf(m->title, sizeof m->title, "%.100s", base ? base + 1 : m->path);
      (void)len;
      char buf[1200];
      snprintf(m->line, sizeof m->line, "%s", stp_error_format(&err, buf, sizeof buf));
      m->broken = true;
    }
  }
  free(scn);
}

static void menu_open(play *p, int i) {
  if (i < 0 || i >= p->menu_count) return;
  /* Say so at once: building the skin takes a moment. */
  pl_fill(p->ren, 0, (float)p->out_h - p->status_h, (float)p->out_w, p->status_h, (SDL_Color){20, 22, 27, 255});
  char buf[300];
  snprintf(buf, sizeof buf, "Opening %s…", p->menu[i].title);
  pl_text(p, p->px * 0.6f, (float)p->out_h - p->status_h + (p->status_h - p->px * 1.2f) / 2, p->px * 0.9f, C_ACCENT, buf);
  pl_present(p);
  snprintf(p->scenario_path, sizeof p->scenario_path, "%s", p->menu[i].path);
  p->work_path_given = false;   /* each case keeps its own autosave */
  p->work_path[0] = '\0';
  pl_open_scenario(p);
  /* Keys pressed while the case was loading (a second Enter) must not act in it. */
  SDL_FlushEvents(SDL_KEYDOWN, SDL_TEXTINPUT);
  SDL_FlushEvents(SDL_MOUSEBUTTONDOWN, SDL_MOUSEBUTTONUP);
}

/* Leave the case for the menu: save, then drop the game. */
void pl_menu_enter(play *p) {
  if (p->game) {
    stp_game_autosave(p->game, pl_game_now(p), true);
    if (p->game->save_error.status != STP_OK) {
      pl_set_status(p, true, "Not leaving: the work could not be saved.");
      return;
    }
    stp_game_free(p->game);
    free(p->game);
    p->game = NULL;
  }
  stp_record_writer_close(&p->prac_rec);
  p->rec_base = 0;
  stp_draw_destroy(p->draw);
  p->draw = NULL;
  stp_script_close(p->script);
  p->script = NULL;
  menu_load(p);   /* afresh each time: an author may have edited a case */
  stp_startup_mark("menu");
  p->screen = SCREEN_MENU;
  p->redraw = true;
}

static int menu_row_at(const play *p, float y) {
  if (y < p->menu_top) return -1;
  int i = (int)((y - p->menu_top) / p->menu_row);
  return i < p->menu_count ? i : -1;
}

static void menu_draw(play *p) {
  SDL_SetRenderDrawColor(p->ren, 28, 31, 38, 255);
  SDL_RenderClear(p->ren);
  float pad = p->px * 2, y = pad, w = (float)p->out_w - 2 * pad;
  pl_text(p, pad, y, p->px * 1.6f, C_TEXT, "Stipple — the curriculum");
  y += stp_font_line_height(p->font, p->px * 1.6f);
  pl_text(p, pad, y, p->px * 0.9f, C_DIM, "Choose a case (click, or arrows and Enter). Each keeps its own autosaved work. M returns here.");
  y += stp_font_line_height(p->font, p->px * 0.9f) + p->px;
  p->menu_top = y;
  p->menu_row = roundf(p->px * 3.0f);
  for (int i = 0; i < p->menu_count; i++) {
    const menu_entry *m = &p->menu[i];
    float ry = p->menu_top + (float)i * p->menu_row;
    if (i == p->menu_hover) pl_fill(p->ren, pad - 8, ry, w + 16, p->menu_row - 4, (SDL_Color){48, 54, 66, 255});
    char buf[200];
    snprintf(buf, sizeof buf, "%2d  %s", i + 1, m->title);
    pl_text(p, pad, ry + p->px * 0.2f, p->px * 1.1f, m->broken ? C_BAD : C_TEXT, buf);
    pl_text(p, pad + p->px * 2.2f, ry + p->px * 1.55f, p->px * 0.8f, m->broken ? C_BAD : C_DIM, m->line);
  }
  if (p->menu_count == 0)
    pl_text(p, pad, y, p->px, C_BAD, "No scenarios found (set STIPPLE_DATA_DIR to the source folder).");
  pl_present(p);
}

/* The menu takes raw events: it is a list, not the scalp. Returns true if handled. */
static bool menu_event(play *p, const SDL_Event *e) {
  switch (e->type) {
  case SDL_QUIT: p->running = false; return true;
  case SDL_MOUSEMOTION: {
    int i = menu_row_at(p, (float)e->motion.y);
    if (i != p->menu_hover && i >= 0) { p->menu_hover = i; p->redraw = true; }
    return true;
  }
  case SDL_MOUSEBUTTONDOWN:
    if (e->button.button == SDL_BUTTON_LEFT) menu_open(p, menu_row_at(p, (float)e->button.y));
    return true;
  case SDL_KEYDOWN:
    switch (e->key.keysym.sym) {
    case SDLK_UP: if (p->menu_hover > 0) p->menu_hover--; p->redraw = true; break;
    case SDLK_DOWN: if (p->menu_hover + 1 < p->menu_count) p->menu_hover++; p->redraw = true; break;
    case SDLK_RETURN: case SDLK_KP_ENTER: menu_open(p, p->menu_hover); break;
    case SDLK_ESCAPE: p->running = false; break;
    default: break;
    }
    return true;
  default: return true;
  }
}

static void menu_action(play *p, const stp_action *a, Uint32 stamp) {
  (void)stamp;
  if (a->kind == STP_ACT_QUIT) p->running = false;
}

const pl_screen pl_screen_menu = {"menu", menu_event, menu_action, menu_draw};
