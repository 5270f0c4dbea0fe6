/*
 * fuzz_engine_state -- libFuzzer target for loading saved run and couple
 * states (a crafted backup or a damaged record must give an error or a
 * consistent run, never a crash).  A loaded state is then driven a few
 * steps and saved again.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "innermost/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *LIB = "id: f\nkind: together\ntitle: F\n\n"
                         "# Exercise: Solo\nid: solo\n\n## Card\nHi.\n\n## Prompt\nid: t\n"
                         "answer: text\nQ\n\n## Prompt\nid: c\nanswer: checklist\nQ\n- a\n- b\n\n"
                         "## Prompt\nanswer: ladder\nQ\n\n## Prompt\nanswer: breathing\n"
                         "pattern: in 4, out 4\nB\n\n## Summary\nshows: c\n\n"
                         "# Exercise: Reveal\nid: rev\nmode: reveal\n\n## Prompt\nanswer: scale\n"
                         "low: a\nhigh: b\nQ\n\n## Discuss\n- d\n\n"
                         "# Exercise: Match\nid: mat\nmode: match\n\n## Prompts\n- x\n- y\n\n"
                         "# Exercise: Ladder\nid: lad\nmode: consent-ladder\n\n## Prompts\n- x\n- y\n\n"
                         "# Exercise: Turns\nid: tur\nmode: turns\nturn-seconds: 30\nreflect: R\n\n"
                         "## Card\nC\n\n## Prompts\n- q\n- r\n";

static im_library *lib;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!lib) {
        lib = im_library_new();
        if (!lib || im_content_parse(lib, "f.txt", LIB, strlen(LIB), NULL))
            __builtin_trap();
    }
    static int64_t now = 1700000000000;
    im_clock clk = im_clock_fixed(&now);
    static uint64_t seed = 1;
    im_rng rng = im_rng_seeded(&seed);
    unsigned char *out;
    size_t len;

    im_run *r = NULL;
    if (im_run_load(lib, data, size, &clk, &r) == IM_OK) {
        im_timer_status ts;
        im_reflection refl[4];
        /* Loaded states are walked for crashes: a refused call is fine. */
        im_rc_ignore(im_run_timer_status(r, &ts));
        im_run_summary(r, refl, 4);
        im_rc_ignore(im_run_next(r));
        im_rc_ignore(im_run_back(r));
        if (im_run_save(r, &out, &len) == IM_OK)
            im_state_free(out, len);
        im_run_free(r);
    }
    im_couple *c = NULL;
    if (im_couple_load(lib, data, size, &clk, &rng, &c) == IM_OK) {
        const im_answer *a;
        size_t n;
        for (int p = 0; p < 2; p++)
            for (size_t i = 0; i < 8; i++)
                im_rc_ignore(im_couple_get_answer(c, p, i, &a));
        im_rc_ignore(im_couple_match_result(c, NULL, NULL, 0, &n));
        im_rc_ignore(im_couple_tick(c));
        im_rc_ignore(im_couple_next(c));
        im_rc_ignore(im_couple_ladder_confirm(c, 0));
        im_rc_ignore(im_couple_ladder_step_back(c));
        im_rc_ignore(im_couple_handoff_done(c));
        im_rc_ignore(im_couple_back(c));
        if (im_couple_save(c, &out, &len) == IM_OK)
            im_state_free(out, len);
        im_couple_free(c);
    }
    return 0;
}
