/* stp_screen_menu.c - the curriculum menu: the bundled cases in file-name order, each a card
 * with its best score and grade, a tick when passed, a lock when locked (with the case that
 * opens it), "in progress" when a work is saved, and the expected time; the trainee's profile
 * (switch, or make a new one) and the way to the progress screen. The cards fill the window
 * in one to three columns. A card, a button or a profile is a hit of the last frame
 * (pl_hit_add): a click or tap on it sends its command like its key would.
 */
#define _POSIX_C_SOURCE 200809L
#include "stp_play_internal.h"

#define C_CARD ((SDL_Color){40, 45, 55, 255})
#define C_CARD_HOVER ((SDL_Color){52, 59, 73, 255})
#define C_CARD_LOCKED ((SDL_Color){32, 35, 42, 255})
#define C_PANEL ((SDL_Color){38, 42, 51, 255})

static stp_action ui(int cmd, double delta) { return (stp_action){.kind = STP_ACT_UI, .step = cmd, .delta = delta}; }

static void refresh(play *p) {
  pl_loop *L = p->loop;
  pl_loop_forget_cases(p);   /* afresh each time: an author may have edited a case */
  pl_loop_cases(p);
  for (int k = 0; k < L->case_count; k++) {
    char wp[1200];
    L->case_progress[k] = !L->cases[k].broken &&
                          stp_app_profile_work_path(L->profile.name, L->cases[k].id, wp, sizeof wp) == 0 &&
                          stp_app_work_in_progress(wp);
  }
  L->name_count = stp_app_profile_list(L->names, PL_MAX_PROFILES);
  if (L->hover >= L->case_count) L->hover = 0;
}

/* Leave the case for the menu: save, then drop the game. */
void pl_menu_enter(play *p) {
  if (!pl_close_game(p)) return;
  stp_record_writer_close(&p->prac_rec);   /* also when no case was open (a broken one) */
  p->rec_base = 0;
  stp_draw_destroy(p->draw);
  p->draw = NULL;
  stp_script_close(p->script);
  p->script = NULL;
  if (p->loop) {
    refresh(p);
    p->loop->picker = p->loop->entering = false;
  }
  p->status[0] = '\0';   /* what was said in the case stays with it */
  p->status_bad = false;
  stp_startup_mark("menu");
  p->screen = SCREEN_MENU;
  p->redraw = true;
}

typedef struct menu_layout {
  SDL_FRect profile_btn, progress_btn, pen_btn;
  float top, bottom;
  SDL_FRect card[STP_APP_MAX_CASES];
  SDL_FRect name_rc[PL_MAX_PROFILES + 1];   /* the last: "New profile…" */
  SDL_FRect entry_box, entry_ok, entry_cancel;
} menu_layout;

static const char MENU_TITLE[] = "Stipple — the curriculum";
static const char MENU_LINE_KEYS[] =
    "Choose a case (tap or click it; or arrows and Enter). Pass a case to open the next. Each keeps its own autosaved work.";
static const char MENU_LINE_TOUCH[] = "Tap a case to open it. Pass a case to open the next. Each keeps its own autosaved work.";
/* The line under the title, in the words of the trainee's input (pl_keys_shown). */
static const char *menu_line(const play *p) { return pl_keys_shown(p) ? MENU_LINE_KEYS : MENU_LINE_TOUCH; }

/* The line under the title: one line, or wrapped where the window is narrower (portrait). */
static float menu_line_h(play *p, float w) {
  float size = p->px * 0.9f;
  if (stp_font_measure(p->font, size, menu_line(p)) <= w) return stp_font_line_height(p->font, size);
  return stp_font_draw_wrapped(p->font, NULL, 0, 0, size, w, C_DIM, menu_line(p));
}

static void profile_label(const play *p, char *buf, size_t n) {
  snprintf(buf, n, "Trainee: %s", p->loop->profile.name);
}

/* Where everything is, from the window's size: the header's buttons, then the cards in 1 to
 * 3 columns, as few as fit the height at a comfortable card height with columns no wider
 * than 55 text sizes (down each column, then across: case 2 under case 1); when even three
 * do not fit, the list scrolls. */
static void layout(play *p, menu_layout *m) {
  pl_loop *L = p->loop;
  float pad = p->px * 2, W = (float)p->out_w, H = (float)p->out_h;
  float y = pad + stp_font_line_height(p->font, p->px * 1.6f);
  y += menu_line_h(p, W - 2 * pad) + p->px;
  char label[120];
  profile_label(p, label, sizeof label);
  /* Fixed widths (the label shrinks to fit), so a test can compute where they are. */
  float pw = roundf(p->px * 13), gw = roundf(p->px * 8), bh = p->target;
  (void)label;
  m->profile_btn = (SDL_FRect){W - pad - pw, pad * 0.6f, pw, bh};
  m->progress_btn = (SDL_FRect){m->profile_btn.x - p->px * 0.6f - gw, pad * 0.6f, gw, bh};
  m->pen_btn = (SDL_FRect){m->progress_btn.x - p->px * 0.6f - gw, pad * 0.6f, gw, bh};
  /* A window too narrow for them beside the title (portrait): a row of their own under it. */
  if (m->pen_btn.x < pad + stp_font_measure(p->font, p->px * 1.6f, MENU_TITLE) + p->px) {
    float by = y - p->px * 0.5f;
    m->profile_btn.y = m->progress_btn.y = m->pen_btn.y = by;
    y = by + bh + p->px * 0.5f;
  }
  m->top = fmaxf(y, m->profile_btn.y + bh + p->px * 0.5f);
  m->bottom = H - p->status_h - p->px * 0.5f;
  int n = L->case_count > 0 ? L->case_count : 0;
  float gap = roundf(p->px * 0.5f), avail = m->bottom - m->top, width = W - 2 * pad;
  float min_h = fmaxf(roundf(p->px * 3.0f), p->target), max_h = roundf(p->px * 4.6f);
  float min_w = p->px * 28, max_w = p->px * 55;
  int cols = 1;
  float row_h = min_h;
  for (int c = 1; c <= 3; c++) {
    float cw = (width - (float)(c - 1) * gap) / (float)c;
    if (c > 1 && cw < min_w) break;
    int rows = (n + c - 1) / c;
    float h = rows ? (avail - (float)(rows - 1) * gap) / (float)rows : max_h;
    cols = c;
    row_h = fminf(fmaxf(h, min_h), max_h);
    if (h >= min_h && cw <= max_w) break;   /* fits the height, and no wider than it reads well */
  }
  float col_w = (width - (float)(cols - 1) * gap) / (float)cols;
  int rows = n ? (n + cols - 1) / cols : 1;
  float content = (float)rows * (row_h + gap) - gap;
  L->scroll_max = content <= avail ? 0 : content - avail;
  if (L->scroll > L->scroll_max) L->scroll = L->scroll_max;
  if (L->scroll < 0) L->scroll = 0;
  for (int k = 0; k < n; k++) {
    int col = k / rows, row = k % rows;
    m->card[k] = (SDL_FRect){pad + (float)col * (col_w + gap), m->top + (float)row * (row_h + gap) - L->scroll, col_w,
                             row_h};
  }
  /* The profile list, under its button. */
  float rh = p->target, lw = fmaxf(p->px * 14, m->profile_btn.w);
  for (int i = 0; i < L->name_count; i++) lw = fmaxf(lw, stp_font_measure(p->font, p->px, L->names[i]) + p->px * 4);
  for (int i = 0; i <= L->name_count; i++)
    m->name_rc[i] = (SDL_FRect){W - pad - lw, m->profile_btn.y + bh + p->px * 0.3f + (float)i * rh, lw, rh};
  /* The new name's box. */
  float bw = fminf(W - 4 * pad, p->px * 32), bx = (W - bw) / 2, by = H * 0.25f;
  m->entry_box = (SDL_FRect){bx, by, bw, p->px * 7.4f + p->target};
  float ow = (bw - 3 * p->px) / 2;
  m->entry_ok = (SDL_FRect){bx + p->px, by + p->px * 6.4f, ow, p->target};
  m->entry_cancel = (SDL_FRect){bx + 2 * p->px + ow, by + p->px * 6.4f, ow, p->target};
}

/* The status line at the foot, when there is something to say. */
static void foot(play *p) {
  if (!p->status[0]) return;
  float h = p->status_h, y = (float)p->out_h - h;
  pl_fill(p->ren, 0, y, (float)p->out_w, h, (SDL_Color){20, 22, 27, 255});
  pl_text(p, p->px * 0.6f, y + (h - p->px * 1.2f) / 2, p->px * 0.9f, p->status_bad ? C_BAD : C_TEXT, p->status);
}

static void draw_card(play *p, const menu_layout *m, int k) {
  pl_loop *L = p->loop;
  const stp_app_case *cs = &L->cases[k];
  SDL_FRect rc = m->card[k];
  if (rc.y + rc.h < m->top || rc.y > m->bottom) return;
  bool open = pl_loop_unlocked(p, k);
  const stp_profile_case *c = cs->broken ? NULL : stp_profile_find(&L->profile, cs->id);
  pl_fill(p->ren, rc.x, rc.y, rc.w, rc.h, k == L->hover ? C_CARD_HOVER : open ? C_CARD : C_CARD_LOCKED);
  if (!L->picker && !L->entering) {
    char name[96];
    snprintf(name, sizeof name, "case %.60s%s", cs->broken ? "broken" : cs->id, open ? "" : " (locked)");
    pl_hit_add(p, rc, ui(PL_UI_OPEN_CASE, k));
    pl_hit_name_last(p, name);
  }
  float s = fminf(rc.h * 0.5f, p->px * 1.7f), ix = rc.x + p->px * 0.6f, iy = rc.y + (rc.h - s) / 2;
  if (!open && !cs->broken) stp_ui_lock(p->ren, ix, iy, s, C_DIM);
  else if (c && c->passed) stp_ui_tick(p->ren, ix, iy, s, C_GOOD);
  /* Right: the best score and grade; the title and its line stop short of them. */
  float rx = rc.x + rc.w - p->px * 0.7f;
  char buf[300];
  if (c && c->attempt_count) {
    char grade[40];
    stp_score_shown(c->best_score, cs->pass_mark, false, buf, sizeof buf);   /* never "70" for a 69.6 that failed */
    snprintf(grade, sizeof grade, "grade %s", stp_grade_text(c->best_grade));
    float w = stp_font_measure(p->font, p->px * 1.4f, buf), gw = stp_font_measure(p->font, p->px * 0.8f, grade);
    pl_text(p, rc.x + rc.w - p->px * 0.7f - w, rc.y + rc.h * 0.5f - p->px * 1.6f, p->px * 1.4f,
            c->passed ? C_GOOD : C_TEXT, buf);
    pl_text(p, rc.x + rc.w - p->px * 0.7f - gw, rc.y + rc.h * 0.5f + p->px * 0.15f, p->px * 0.8f,
            c->best_grade != STP_GRADE_NONE ? C_ACCENT : C_DIM, grade);
    rx -= fmaxf(w, gw) + p->px * 0.8f;
  }
  float tx = ix + s + p->px * 0.6f, tw = rx - tx;
  SDL_Rect clip = {(int)tx, (int)fmaxf(rc.y, m->top), (int)fmaxf(1, tw), (int)rc.h};
  SDL_RenderSetClipRect(p->ren, &clip);
  float th = stp_font_line_height(p->font, p->px * 1.05f), sh = stp_font_line_height(p->font, p->px * 0.8f);
  float ty = rc.y + (rc.h - th - sh) / 2;
  snprintf(buf, sizeof buf, "%2d  %s", k + 1, cs->title);
  pl_text_fit(p, tx, ty, p->px * 1.05f, cs->broken ? C_BAD : open ? C_TEXT : C_DIM, buf, tw);
  char line[400];
  if (cs->broken) snprintf(line, sizeof line, "%s", cs->error);
  else if (!open) snprintf(line, sizeof line, "Locked: pass %d · %s to open it", k, L->cases[k - 1].title);
  else {
    snprintf(line, sizeof line, "about %.0f min · difficulty %d of 5 · %d session%s · pass mark %.0f",
             fmax(1, round(cs->expected_minutes)), cs->difficulty, cs->sessions, cs->sessions == 1 ? "" : "s",
             cs->pass_mark);
    if (c && c->attempt_count)
      snprintf(line + strlen(line), sizeof line - strlen(line), " · %zu attempt%s", c->attempt_count,
               c->attempt_count == 1 ? "" : "s");
  }
  float lx = tx + p->px * 2.2f;
  /* A work saved: "in progress", or once passed (the tick) "work saved": the passed work, or a
   * retry under way, neither of them unfinished business. */
  if (L->case_progress[k] && open)
    lx += pl_text(p, lx, ty + th, p->px * 0.8f, C_ACCENT, c && c->passed ? "work saved · " : "in progress · ");
  pl_text_fit(p, lx, ty + th, p->px * 0.8f, cs->broken ? C_BAD : C_DIM, line, tx + tw - lx);
  SDL_RenderSetClipRect(p->ren, NULL);
}

static void menu_draw(play *p) {
  SDL_SetRenderDrawColor(p->ren, 28, 31, 38, 255);
  SDL_RenderClear(p->ren);
  pl_loop *L = p->loop;
  float pad = p->px * 2, y = pad;
  pl_text(p, pad, y, p->px * 1.6f, C_TEXT, MENU_TITLE);
  y += stp_font_line_height(p->font, p->px * 1.6f);
  if (!L) { pl_present(p); return; }
  menu_layout m;
  layout(p, &m);
  if (stp_font_measure(p->font, p->px * 0.9f, menu_line(p)) <= (float)p->out_w - 2 * pad) pl_text(p, pad, y, p->px * 0.9f, C_DIM, menu_line(p));
  else stp_font_draw_wrapped(p->font, p->ren, pad, y, p->px * 0.9f, (float)p->out_w - 2 * pad, C_DIM, menu_line(p));
  SDL_Rect clip = {0, (int)m.top, p->out_w, (int)(m.bottom - m.top)};
  SDL_RenderSetClipRect(p->ren, &clip);
  for (int k = 0; k < L->case_count; k++) draw_card(p, &m, k);
  SDL_RenderSetClipRect(p->ren, NULL);
  if (L->case_count == 0)
    pl_text(p, pad, m.top, p->px, C_BAD, "No scenarios found (set STIPPLE_DATA_DIR to the source folder).");
  char label[120];
  profile_label(p, label, sizeof label);
  pl_button(p, m.progress_btn, "Progress", "P", ui(PL_UI_PROGRESS, 0), PL_BTN_GOOD);
  pl_button(p, m.pen_btn, "Pen", "", ui(PL_UI_PEN, 0), PL_BTN_PLAIN);
  pl_button(p, m.profile_btn, label, "change", ui(PL_UI_PROFILES, 0), L->profile_ok ? PL_BTN_PLAIN : PL_BTN_ON);
  if (L->picker) {
    for (int i = 0; i <= L->name_count; i++) {
      bool mine = i < L->name_count && strcmp(L->names[i], L->profile.name) == 0;
      pl_button(p, m.name_rc[i], i == L->name_count ? "+ New profile…" : L->names[i], "",
                i == L->name_count ? ui(PL_UI_PROFILE_NEW, 0) : ui(PL_UI_PROFILE_PICK, i),
                mine ? PL_BTN_ON : i == L->name_count ? PL_BTN_GOOD : PL_BTN_PLAIN);
    }
  }
  if (L->entering) {
    SDL_FRect b = m.entry_box;
    pl_fill(p->ren, 0, 0, (float)p->out_w, (float)p->out_h, (SDL_Color){0, 0, 0, 150});
    pl_fill(p->ren, b.x, b.y, b.w, b.h, C_PANEL);
    pl_text(p, b.x + p->px, b.y + p->px * 0.6f, p->px * 1.2f, C_TEXT, "New trainee profile");
    SDL_FRect field = {b.x + p->px, b.y + p->px * 2.4f, b.w - 2 * p->px, p->px * 2.0f};
    pl_fill(p->ren, field.x, field.y, field.w, field.h, (SDL_Color){20, 22, 27, 255});
    float tw = pl_text(p, field.x + p->px * 0.5f, field.y + p->px * 0.3f, p->px * 1.1f, C_TEXT, L->entry);
    pl_fill(p->ren, field.x + p->px * 0.6f + tw, field.y + p->px * 0.3f, 2, p->px * 1.3f, C_ACCENT);   /* the caret */
    pl_text(p, b.x + p->px, b.y + p->px * 4.7f, p->px * 0.8f, C_DIM,
            "Letters, digits, spaces, '.', '_' and '-', up to 40.");
    pl_button(p, m.entry_ok, "Create", "Enter", ui(PL_UI_ENTRY_DONE, 1), PL_BTN_PRIMARY);
    pl_button(p, m.entry_cancel, "Cancel", "Esc", ui(PL_UI_ENTRY_DONE, 0), PL_BTN_PLAIN);
  }
  foot(p);
  /* More cards below: said in the foot's band, at its right (over the last card it hid a
   * card's lock and line), in the words of the trainee's input. */
  if (L->scroll_max > 0 && L->scroll < L->scroll_max) {
    const char *more = pl_keys_shown(p) ? "\u2193 more below: drag up or scroll the wheel" : "\u2193 more below: drag up";
    float h = p->status_h, fy = (float)p->out_h - h, size = p->px * 0.8f, mw = stp_font_measure(p->font, size, more);
    if (!p->status[0]) pl_fill(p->ren, 0, fy, (float)p->out_w, h, (SDL_Color){20, 22, 27, 255});
    pl_text(p, (float)p->out_w - p->px * 0.6f - mw, fy + (h - stp_font_line_height(p->font, size)) / 2, size, C_ACCENT, more);
  }
  pl_present(p);
  if (!L->layout_said) {   /* as the play screen says it: the tests compute places from it */
    L->layout_said = true;
    printf("stipple: layout %dx%d text %.3f panel %.1f target %.0f (%.0f dpi)\n", p->out_w, p->out_h, p->px, p->panel.w,
           p->target, p->dpi);
    printf("stipple: menu: %d cases, profile %s\n", L->case_count, L->profile.name);
    fflush(stdout);
  }
}

static void switch_profile(play *p, const char *name) {
  pl_loop *L = p->loop;
  pl_loop_load_profile(p, name);
  if (L->profile_ok) pl_set_status(p, false, "Trainee %s: their progress, their works.", L->profile.name);
  else pl_set_status(p, true, "Profile %s could not be read: %s", name, L->profile_error);
  printf("stipple: profile %s\n", L->profile.name);
  fflush(stdout);
  refresh(p);
  L->scroll = 0;
}

static void entry_done(play *p, bool create) {
  pl_loop *L = p->loop;
  if (!create) {
    L->entering = false;
    SDL_StopTextInput();
    p->redraw = true;
    return;
  }
  if (!stp_profile_name_valid(L->entry)) {
    pl_set_status(p, true, "'%s' is not a name: 1 to 40 letters, digits, spaces, '.', '_' or '-', no space at the ends.",
                  L->entry);
    return;
  }
  char path[1100];
  bool exists = stp_app_profile_path(L->entry, path, sizeof path) == 0 && stp_file_exists(path);
  L->entering = false;
  SDL_StopTextInput();
  switch_profile(p, L->entry);
  if (!exists && L->profile_ok) {
    stp_error err;
    if (stp_app_profile_save(&L->profile, &err) != STP_OK) {
      char buf[1200];
      pl_set_status(p, true, "Profile not created: %s", stp_error_format(&err, buf, sizeof buf));
    } else {
      pl_set_status(p, false, "Profile %s created: case 1 is open.", L->profile.name);
      refresh(p);
    }
  }
}

/* Raw events: typing a name, the wheel, hovering, the keys of a list. Presses go on to the
 * buttons and cards (STP_ACT_CLICK through the last frame's hits). */
static bool menu_event(play *p, const SDL_Event *e) {
  pl_loop *L = p->loop;
  if (e->type == SDL_QUIT) { p->running = false; return true; }
  if (!L) return false;
  if (L->entering) {
    if (e->type == SDL_TEXTINPUT) {
      size_t n = strlen(L->entry);
      for (const char *c = e->text.text; *c && n < STP_PROFILE_NAME_MAX; c++)
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == ' ' ||
            *c == '.' || *c == '_' || *c == '-') {
          L->entry[n++] = *c;
          L->entry[n] = '\0';
        }
      p->redraw = true;
      return true;
    }
    if (e->type == SDL_KEYDOWN) {
      SDL_Keycode k = e->key.keysym.sym;
      if (k == SDLK_BACKSPACE && L->entry[0]) L->entry[strlen(L->entry) - 1] = '\0';
      else if (k == SDLK_RETURN || k == SDLK_KP_ENTER) entry_done(p, true);
      else if (k == SDLK_ESCAPE) entry_done(p, false);
      p->redraw = true;
      return true;
    }
    return false;   /* presses: the box's buttons */
  }
  switch (e->type) {
  case SDL_MOUSEMOTION: {
    menu_layout m;
    layout(p, &m);
    SDL_FPoint pt = {(float)e->motion.x, (float)e->motion.y};
    for (int k = 0; k < L->case_count; k++)
      if (pt.y >= m.top && pt.y <= m.bottom && SDL_PointInFRect(&pt, &m.card[k]) && k != L->hover) {
        L->hover = k;
        p->redraw = true;
      }
    return true;
  }
  case SDL_MOUSEWHEEL:
    L->scroll -= (float)e->wheel.y * p->px * 3;
    p->redraw = true;
    return true;
  case SDL_KEYDOWN:
    switch (e->key.keysym.sym) {
    case SDLK_UP: if (L->hover > 0) L->hover--; break;
    case SDLK_DOWN: if (L->hover + 1 < L->case_count) L->hover++; break;
    case SDLK_RETURN: case SDLK_KP_ENTER: pl_loop_open_case(p, L->hover); break;
    case SDLK_p: pl_loop_progress_enter(p); break;
    case SDLK_ESCAPE:
      if (L->picker) L->picker = false;
      else p->running = false;
      break;
    default: break;
    }
    p->redraw = true;
    return true;
  default: return false;
  }
}

static void menu_action(play *p, const stp_action *a, Uint32 stamp) {
  (void)stamp;
  pl_loop *L = p->loop;
  if (a->kind == STP_ACT_QUIT) { p->running = false; return; }
  if (L && a->kind == STP_ACT_SCROLL) {   /* a finger dragging the list (layout clamps it) */
    L->scroll -= (float)a->dy;
    p->redraw = true;
    return;
  }
  if (!L || a->kind != STP_ACT_UI) {
    if (L && L->picker && a->kind == STP_ACT_CLICK) { L->picker = false; p->redraw = true; }
    return;
  }
  int cmd = a->step, i = (int)a->delta;
  bool was_picker = L->picker;
  L->picker = false;
  p->redraw = true;
  switch (cmd) {
  case PL_UI_OPEN_CASE: L->hover = i; pl_loop_open_case(p, i); return;
  case PL_UI_PROGRESS: pl_loop_progress_enter(p); return;
  case PL_UI_PEN: pl_pen_enter(p); return;
  case PL_UI_PROFILES:
    L->name_count = stp_app_profile_list(L->names, PL_MAX_PROFILES);
    L->picker = !was_picker;
    return;
  case PL_UI_PROFILE_PICK:
    if (i >= 0 && i < L->name_count && strcmp(L->names[i], L->profile.name) != 0) switch_profile(p, L->names[i]);
    return;
  case PL_UI_PROFILE_NEW:
    L->entering = true;
    L->entry[0] = '\0';
    SDL_StartTextInput();
    return;
  case PL_UI_ENTRY_DONE: entry_done(p, i != 0); return;
  default: return;
  }
}

const pl_screen pl_screen_menu = {"menu", menu_event, menu_action, menu_draw};
