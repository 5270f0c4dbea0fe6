/*
 * test_streams.c -- replays the finger streams in the .txt files of tests/input/streams
 * through the gesture recognizer and checks what each file expects.
 *
 * File format, one command per line, '#' starts a comment:
 *   scale S                      pixels per point (before the first sample)
 *   lock auto|dominant|none      axis lock mode
 *   down|move|up|cancel F X Y T  a sample: finger id, points, milliseconds
 *   tick T                       the loop wakes at time T
 *   expect k1,k2,...             the event kinds since the previous expect
 *   expect-fling VX VY TOL       the last FLING's velocity (points/s)
 *   expect-fling none            no FLING since the start of the file
 *   expect-axis free|horizontal|vertical   every drag event's axis
 * A new stream is added by dropping a file in the folder.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "input/gesture.h"

#define MAXEV 1024

typedef struct replay {
    const char *file;
    int line;
    im_gesture g;
    im_gesture_config cfg;
    int started;
    im_gesture_event all[MAXEV];
    int nall, since; /* all events; index of the last expect */
} replay;

static void fail(const replay *r, const char *what, const char *detail)
{
    fprintf(stderr, "%s:%d: %s%s%s\n", r->file, r->line, what, detail ? ": " : "", detail ? detail : "");
    CHECK(0);
}

static void collect(replay *r, const im_gesture_event *e, int n)
{
    for (int i = 0; i < n && r->nall < MAXEV; i++)
        r->all[r->nall++] = e[i];
}

static void start(replay *r)
{
    if (!r->started) {
        im_gesture_init(&r->g, &r->cfg);
        r->started = 1;
    }
}

static void cmd_sample(replay *r, const char *verb, const char *rest)
{
    unsigned f;
    float x, y;
    long long t;
    if (sscanf(rest, "%u %f %f %lld", &f, &x, &y, &t) != 4) {
        fail(r, "bad sample", rest);
        return;
    }
    im_pointer_sample s;
    s.phase = !strcmp(verb, "down")   ? IM_POINTER_DOWN
              : !strcmp(verb, "move") ? IM_POINTER_MOVE
              : !strcmp(verb, "up")   ? IM_POINTER_UP
                                      : IM_POINTER_CANCEL;
    s.finger = f;
    s.x = x;
    s.y = y;
    s.t_ms = t;
    start(r);
    im_gesture_event e[IM_GESTURE_EVENTS_MAX];
    collect(r, e, im_gesture_feed(&r->g, &s, e, IM_GESTURE_EVENTS_MAX));
}

static void cmd_expect(replay *r, const char *want)
{
    char got[8192];
    got[0] = '\0';
    for (int i = r->since; i < r->nall; i++) {
        if (i > r->since)
            strcat(got, ",");
        strcat(got, im_gesture_kind_name(r->all[i].kind));
    }
    r->since = r->nall;
    if (strcmp(got, want) != 0) {
        fail(r, "events differ", NULL);
        fprintf(stderr, "  got  %s\n  want %s\n", got, want);
    } else {
        CHECK(1);
    }
}

static void cmd_expect_fling(replay *r, const char *rest)
{
    const im_gesture_event *fl = NULL;
    for (int i = 0; i < r->nall; i++)
        if (r->all[i].kind == IM_GESTURE_FLING)
            fl = &r->all[i];
    if (!strncmp(rest, "none", 4)) {
        if (fl)
            fail(r, "unexpected fling", NULL);
        else
            CHECK(1);
        return;
    }
    double vx, vy, tol;
    if (sscanf(rest, "%lf %lf %lf", &vx, &vy, &tol) != 3) {
        fail(r, "bad expect-fling", rest);
        return;
    }
    if (!fl) {
        fail(r, "no fling", NULL);
        return;
    }
    if (fabs(fl->vx - vx) > tol || fabs(fl->vy - vy) > tol) {
        char msg[128];
        snprintf(msg, sizeof msg, "got %.1f %.1f", fl->vx, fl->vy);
        fail(r, "fling velocity", msg);
    } else {
        CHECK(1);
    }
}

static void cmd_expect_axis(replay *r, const char *rest)
{
    im_gesture_axis want = !strncmp(rest, "horizontal", 10) ? IM_AXIS_HORIZONTAL
                           : !strncmp(rest, "vertical", 8)  ? IM_AXIS_VERTICAL
                                                            : IM_AXIS_FREE;
    int drags = 0, ok = 1;
    for (int i = 0; i < r->nall; i++) {
        const im_gesture_event *e = &r->all[i];
        if (e->kind < IM_GESTURE_DRAG_START || e->kind > IM_GESTURE_FLING)
            continue;
        drags++;
        ok &= e->axis == want;
        if (want == IM_AXIS_HORIZONTAL)
            ok &= e->dy == 0.0f && e->vy == 0.0f;
        if (want == IM_AXIS_VERTICAL)
            ok &= e->dx == 0.0f && e->vx == 0.0f;
    }
    if (!drags || !ok)
        fail(r, "axis", rest);
    else
        CHECK(1);
}

static void run_line(replay *r, char *s)
{
    char *hash = strchr(s, '#');
    if (hash)
        *hash = '\0';
    char verb[32];
    int used = 0;
    if (sscanf(s, " %31s %n", verb, &used) != 1)
        return; /* blank line */
    char *rest = s + used;
    rest[strcspn(rest, "\r\n")] = '\0';
    if (!strcmp(verb, "down") || !strcmp(verb, "move") || !strcmp(verb, "up") || !strcmp(verb, "cancel")) {
        cmd_sample(r, verb, rest);
    } else if (!strcmp(verb, "tick")) {
        start(r);
        im_gesture_event e[IM_GESTURE_EVENTS_MAX];
        collect(r, e, im_gesture_tick(&r->g, atoll(rest), e, IM_GESTURE_EVENTS_MAX));
    } else if (!strcmp(verb, "scale")) {
        r->cfg.scale = (float)atof(rest);
    } else if (!strcmp(verb, "lock")) {
        r->cfg.lock = !strcmp(rest, "none")       ? IM_LOCK_NONE
                      : !strcmp(rest, "dominant") ? IM_LOCK_DOMINANT
                                                  : IM_LOCK_AUTO;
    } else if (!strcmp(verb, "expect")) {
        cmd_expect(r, rest);
    } else if (!strcmp(verb, "expect-fling")) {
        cmd_expect_fling(r, rest);
    } else if (!strcmp(verb, "expect-axis")) {
        cmd_expect_axis(r, rest);
    } else {
        fail(r, "unknown command", verb);
    }
}

static int replay_file(const char *path, const char *name)
{
    static replay r;
    memset(&r, 0, sizeof r);
    r.file = name;
    r.cfg = im_gesture_config_default(1.0f);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        CHECK(0);
        return 0;
    }
    char line[512];
    int expects = 0;
    while (fgets(line, sizeof line, f)) {
        r.line++;
        expects += !strncmp(line, "expect", 6);
        run_line(&r, line);
    }
    fclose(f);
    if (!expects)
        fail(&r, "stream has no expectations", NULL);
    return 1;
}

int main(void)
{
    char *dir = im_source_path("tests/input/streams");
    REQUIRE(dir);
    DIR *d = opendir(dir);
    if (!d)
        fprintf(stderr,
                "cannot open %s (run under ctest, or set "
                "IM_SOURCE_DIR to the source tree)\n",
                dir);
    REQUIRE(d);
    int files = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        files += replay_file(path, de->d_name);
    }
    closedir(d);
    free(dir);
    printf("%d recorded streams replayed\n", files);
    CHECK(files >= 6);
    return im_check_done();
}
