/* Stand-in for Apple's TargetConditionals.h (not on Linux), with the values
 * of an iOS device build.  Syntax check only (check_platform_syntax.sh). */
#define TARGET_OS_MAC 1
#define TARGET_OS_OSX 0
#define TARGET_OS_IPHONE 1
#define TARGET_OS_IOS 1
#define TARGET_OS_TV 0
#define TARGET_OS_SIMULATOR 0
#define TARGET_IPHONE_SIMULATOR 0
#define TARGET_OS_EMBEDDED 1
