/*
 * test_content_shipped -- the content/ folder of this source tree, as the
 * app ships it.
 *
 *   test_content_shipped rules     every file parses; the library rules hold
 *                                  (unique ids, links, safety links, no
 *                                  Skip / Not now options); the embedded copy
 *                                  is byte for byte the folder.
 *   test_content_shipped complete  the minimum counts and required ids of
 *                                  the brief.  Exits 77 (CTest: skipped) while
 *                                  content/ holds only the format example
 *                                  (fewer than 3 items), i.e. before the
 *                                  writer's library is merged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "innermost/content.h"

static im_diags diags;

static void print_diags(void)
{
    char buf[IM_DIAG_FILE_MAX + IM_DIAG_TEXT_MAX + 32];
    for (size_t i = 0; i < diags.n; i++) {
        im_diag_format(&diags.d[i], buf, sizeof buf);
        fprintf(stderr, "  %s\n", buf);
    }
}

static im_library *load_source_content(void)
{
    char *dir = im_source_path("content");
    im_library *lib = NULL;
    im_diags_clear(&diags);
    im_rc rc = im_content_load_dir(dir, &lib, &diags);
    print_diags();
    CHECK_RC(rc, IM_OK);
    CHECK(diags.n == 0);
    free(dir);
    REQUIRE(lib);
    return lib;
}

static void check_embedded_matches_folder(const im_library *lib)
{
    size_t n = im_content_embedded_count();
    const im_content_file *files = im_content_embedded_files();
    CHECK(n >= im_library_item_count(lib));
    for (size_t i = 0; i < n; i++) {
        char rel[1200];
        snprintf(rel, sizeof rel, "content/%s", files[i].name);
        char *path = im_source_path(rel);
        size_t len = 0;
        unsigned char *disk = im_file_read(path, &len);
        int same = disk && len == files[i].len && memcmp(disk, files[i].data, len) == 0;
        if (!same)
            fprintf(stderr, "  embedded %s differs from the folder\n", files[i].name);
        CHECK(same);
        free(disk);
        free(path);
    }
    im_library *emb = NULL;
    im_diags_clear(&diags);
    CHECK_RC(im_content_load_embedded(&emb, &diags), IM_OK);
    REQUIRE(emb);
    CHECK(im_library_item_count(emb) == im_library_item_count(lib));
    for (size_t i = 0; i < im_library_item_count(lib); i++)
        CHECK(im_library_find_item(emb, im_library_item(lib, i)->id));
    im_library_free(emb);
}

int main(int argc, char **argv)
{
    int complete = argc > 1 && strcmp(argv[1], "complete") == 0;
    im_library *lib = load_source_content();
    if (!complete) {
        im_diags_clear(&diags);
        CHECK(im_content_lint(lib, &diags) == 0);
        print_diags();
        check_embedded_matches_folder(lib);
    } else {
        if (im_library_item_count(lib) < 3) {
            printf("content/ holds only the format example: completeness "
                   "not checked (skipped)\n");
            im_library_free(lib);
            return 77;
        }
        im_diags_clear(&diags);
        CHECK(im_content_lint_complete(lib, &diags) == 0);
        print_diags();
    }
    im_library_free(lib);
    return im_check_done();
}
