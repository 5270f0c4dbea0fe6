/*
 * fuzz_content -- libFuzzer target for the content parser and lint.
 * Any input must give a parsed item or a diagnostic: never a crash, an
 * overread, undefined behaviour or a leak (ASan + UBSan + LeakSanitizer).
 * Seeds: tests/content/fixtures (read recursively).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "innermost/content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static im_diags diags;
    im_diags_clear(&diags);
    im_library *lib = im_library_new();
    if (!lib)
        return 0;
    /* The same bytes twice, so duplicate ids and cross-file links happen.
     * Refusing the bytes is a fine outcome: the fuzzer looks for crashes. */
    im_rc_ignore(im_content_parse(lib, "fuzz/a.txt", (const char *)data, size, &diags));
    im_rc_ignore(im_content_parse(lib, "fuzz/b.txt", (const char *)data, size, &diags));
    im_content_lint(lib, &diags);
    im_content_lint_complete(lib, &diags);
    for (size_t i = 0; i < diags.n; i++) {
        char buf[IM_DIAG_FILE_MAX + IM_DIAG_TEXT_MAX + 32];
        im_diag_format(&diags.d[i], buf, sizeof buf);
    }
    im_library_free(lib);
    return 0;
}
