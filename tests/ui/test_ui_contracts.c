#define _POSIX_C_SOURCE 200809L
/*
 * test_ui_contracts.c -- the widget context stops at a broken contract
 * (IM_ASSERT, innermost/contract.h; invariants 3-5 of widgets/widget.h)
 * instead of carrying on with focus or tickers nobody can trust: focus on
 * a widget that cannot take it, one ticker more than the context holds,
 * focus left on a widget that is in no tree the app shows.
 *
 * Each broken state is made in a forked child of the running headless app
 * (tests/support/app_harness.h), which must then die of SIGABRT with the
 * check's words on stderr; the parent's app is never touched.  A release
 * build compiles the checks out (IM_CONTRACTS_CHECKED 0): there the
 * children must live, which shows the checks cost nothing there.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app_harness.h"
#include "check.h"
#include "innermost/contract.h"
#include "widgets/basic.h"
#include "widgets/textfield.h"

static th_app h;

typedef void (*break_fn)(ui_app *app);

/* What a child does: break the state, then one update. */
static void child_body(void *p)
{
    break_fn brk = *(break_fn *)p;
    brk(th_app_ui(&h));
    ui_app_update(th_app_ui(&h));
}

/* Runs brk(app) then one update in a child; its wait status, its stderr
 * in msg. */
static int in_child(break_fn brk, char *msg, size_t cap)
{
    return im_check_in_child(child_body, &brk, msg, cap);
}

static void nothing(ui_app *app) { (void)app; }

/* invariant 3: a label cannot take keyboard focus */
static void focus_a_label(ui_app *app) { ui_ctx_set_focus(&app->ctx, ui_label_new("words", UI_TEXT_BODY)); }

/* invariant 4: one ticker more than the context holds */
static void too_many_tickers(ui_app *app)
{
    for (int i = 0; i <= UI_TICKERS_MAX; i++)
        ui_ctx_start_ticker(&app->ctx, ui_label_new("tick", UI_TEXT_BODY));
}

/* invariant 5: a field that can take focus, but in no tree on screen */
static void focus_outside_the_trees(ui_app *app)
{
    ui_ctx_set_focus(&app->ctx, ui_field_new("Nowhere", UI_FIELD_LINE, 0, 0));
}

static void expect_stop(const char *what, break_fn brk, const char *check)
{
    char msg[1024];
    int status = in_child(brk, msg, sizeof msg);
    if (IM_CONTRACTS_CHECKED) {
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
        CHECK(strstr(msg, "contract broken") != NULL);
        CHECK(strstr(msg, check) != NULL);
        if (!strstr(msg, check))
            fprintf(stderr, "%s: stderr was: %s\n", what, msg);
    } else {
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
}

int main(void)
{
    th_app_prepare(&h, "ui-contracts");
    th_vault_make(h.data);
    th_app_start(&h); /* the unlock screen, its field focused */
    char msg[1024];
    int status = in_child(nothing, msg, sizeof msg);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0); /* the healthy app lives */
    expect_stop("focus on a label", focus_a_label, "UI_WF_FOCUSABLE");
    expect_stop("a 17th ticker", too_many_tickers, "UI_TICKERS_MAX");
    expect_stop("focus outside the trees", focus_outside_the_trees, "shown_root");
    CHECK(th_app_step(&h, "expect \"Unlock Innermost\"") == 0); /* the parent's app as it was */
    th_app_finish(&h);
    return im_check_done();
}
