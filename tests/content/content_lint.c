/*
 * content_lint -- check a content folder the way the app will read it.
 *
 *   content_lint [--rules-only] DIR
 *
 * Prints every parse error as "file:line: what was expected", then the
 * library rules (unique ids, links, safety links, Skip/Not now), then the
 * completeness checks (minimum counts, required ids) unless --rules-only.
 * Exit status: 0 clean, 1 problems found, 2 the folder cannot be read.
 */
#include <stdio.h>
#include <string.h>

#include "innermost/content.h"

static void print_diags(const im_diags *d)
{
    char line[IM_DIAG_FILE_MAX + IM_DIAG_TEXT_MAX + 32];
    for (size_t i = 0; i < d->n; i++) {
        im_diag_format(&d->d[i], line, sizeof line);
        printf("%s\n", line);
    }
    if (d->dropped)
        printf("... and %zu more\n", d->dropped);
}

int main(int argc, char **argv)
{
    int rules_only = 0;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rules-only"))
            rules_only = 1;
        else
            dir = argv[i];
    }
    if (!dir) {
        fprintf(stderr, "usage: content_lint [--rules-only] CONTENT_DIR\n");
        return 2;
    }
    static im_diags d;
    im_library *lib = NULL;
    im_rc rc = im_content_load_dir(dir, &lib, &d);
    if (!lib) {
        print_diags(&d);
        fprintf(stderr, "content_lint: %s: %s\n", dir, im_rc_message(rc));
        return 2;
    }
    size_t parse_errors = d.n + d.dropped;
    print_diags(&d);

    im_diags_clear(&d);
    size_t rules = im_content_lint(lib, &d);
    print_diags(&d);

    size_t missing = 0;
    if (!rules_only) {
        im_diags_clear(&d);
        missing = im_content_lint_complete(lib, &d);
        print_diags(&d);
    }
    printf("%zu items; %zu parse errors, %zu rule problems", im_library_item_count(lib), parse_errors, rules);
    if (!rules_only)
        printf(", %zu completeness problems", missing);
    printf("\n");
    im_library_free(lib);
    return (parse_errors || rules || missing) ? 1 : 0;
}
