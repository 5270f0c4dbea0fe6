/* Stand-in for Apple's AvailabilityMacros.h (not on Linux): SDL_platform.h
 * includes it; nothing of ours uses its macros.  Syntax check only
 * (tests/platform/check_platform_syntax.sh). */
#define MAC_OS_X_VERSION_MIN_REQUIRED 101300
