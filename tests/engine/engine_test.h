/*
 * engine_test.h -- helpers shared by the engine tests: loading the fixture
 * library, and "restart" round trips (save, free, load, and check that the
 * reloaded state saves to the very same bytes).
 */
#ifndef IM_ENGINE_TEST_H
#define IM_ENGINE_TEST_H

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "innermost/content.h"
#include "innermost/engine.h"

static inline im_library *fixture_library(void)
{
    static im_diags diags;
    char *dir = im_source_path("tests/content/fixtures/good");
    im_library *lib = NULL;
    im_rc rc = im_content_load_dir(dir, &lib, &diags);
    free(dir);
    REQUIRE(rc == IM_OK && lib);
    return lib;
}

/* A library from one in-memory file. */
static inline im_library *text_library(const char *text)
{
    static im_diags diags;
    im_library *lib = im_library_new();
    im_diags_clear(&diags);
    im_rc rc = im_content_parse(lib, "inline.txt", text, strlen(text), &diags);
    if (rc != IM_OK && diags.n)
        fprintf(stderr, "  inline.txt:%d: %s\n", diags.d[0].line, diags.d[0].text);
    REQUIRE(rc == IM_OK);
    return lib;
}

/* Simulate a restart: the run is saved, freed and loaded back; the loaded
 * run must save to identical bytes.  Returns the new run. */
static inline im_run *restart_run(const im_library *lib, im_run *r, const im_clock *clock)
{
    unsigned char *a, *b;
    size_t alen, blen;
    REQUIRE(im_run_save(r, &a, &alen) == IM_OK);
    im_run_free(r);
    im_run *back = NULL;
    REQUIRE(im_run_load(lib, a, alen, clock, &back) == IM_OK);
    REQUIRE(im_run_save(back, &b, &blen) == IM_OK);
    CHECK(alen == blen && memcmp(a, b, alen) == 0);
    im_state_free(a, alen);
    im_state_free(b, blen);
    return back;
}

static inline im_couple *restart_couple(const im_library *lib, im_couple *c, const im_clock *clock,
                                        const im_rng *rng)
{
    unsigned char *a, *b;
    size_t alen, blen;
    REQUIRE(im_couple_save(c, &a, &alen) == IM_OK);
    im_couple_free(c);
    im_couple *back = NULL;
    REQUIRE(im_couple_load(lib, a, alen, clock, rng, &back) == IM_OK);
    REQUIRE(im_couple_save(back, &b, &blen) == IM_OK);
    CHECK(alen == blen && memcmp(a, b, alen) == 0);
    im_state_free(a, alen);
    im_state_free(b, blen);
    return back;
}

#endif
