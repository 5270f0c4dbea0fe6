/* apple_libc.h -- forced in (-include) by check_platform_syntax.sh for the
 * __APPLE__ pass: what Apple's C library has and glibc lacks, and what
 * Apple's SDK marks deprecated (so -Werror stops an Xcode build on it).
 * Includes no header (it comes before each file's own feature macros), so
 * only compiler builtin types.  Syntax check only; not Apple's headers. */
void memset_pattern4(void *b, const void *pattern4, __SIZE_TYPE__ len);
/* Apple's SDK (13+): "provided for compatibility reasons only ... use
 * snprintf(3) instead" -- deprecated, an error under -Werror. */
int sprintf(char *restrict str, const char *restrict format, ...)
    __attribute__((deprecated("use snprintf instead")));
int vsprintf(char *restrict str, const char *restrict format, __builtin_va_list ap)
    __attribute__((deprecated("use vsnprintf instead")));
