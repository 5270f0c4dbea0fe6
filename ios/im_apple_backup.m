/*
 * im_apple_backup.m -- see im_apple_backup.h.  iOS only; compiled with ARC.
 * UNVERIFIED: no Apple toolchain on the machine this was written on.
 *
 * NSURLIsExcludedFromBackupKey is a resource value on a file URL.  The URL
 * must be built as a directory URL (isDirectory:YES) from the file system
 * representation of the path, so non-ASCII paths survive.  The value is
 * set, then read back: a silent failure would leave the vault in backups.
 */
#import <Foundation/Foundation.h>

#include <string.h>

#include "im_apple_backup.h"

int im_apple_exclude_from_backup(const char *dir_path)
{
    if (dir_path == NULL || dir_path[0] == '\0')
        return -1;
    @autoreleasepool {
        NSString *path = [[NSFileManager defaultManager]
            stringWithFileSystemRepresentation:dir_path
                                        length:strlen(dir_path)];
        if (path == nil)
            return -1;
        NSURL *url = [NSURL fileURLWithPath:path isDirectory:YES];
        NSError *error = nil;
        if (![url setResourceValue:@YES
                            forKey:NSURLIsExcludedFromBackupKey
                             error:&error])
            return -1;
        NSNumber *excluded = nil;
        /* Read back through a fresh URL: NSURL caches resource values. */
        NSURL *check = [NSURL fileURLWithPath:path isDirectory:YES];
        if (![check getResourceValue:&excluded
                              forKey:NSURLIsExcludedFromBackupKey
                               error:&error])
            return -1;
        return [excluded boolValue] ? 0 : -1;
    }
}

int im_apple_protect_dir(const char *dir_path)
{
    if (dir_path == NULL || dir_path[0] == '\0')
        return -1;
    @autoreleasepool {
        NSFileManager *fm = [NSFileManager defaultManager];
        NSString *path = [fm stringWithFileSystemRepresentation:dir_path
                                                         length:strlen(dir_path)];
        if (path == nil)
            return -1;
        NSDictionary *attrs = @{ NSFileProtectionKey : NSFileProtectionCompleteUnlessOpen };
        NSError *error = nil;
        return [fm setAttributes:attrs ofItemAtPath:path error:&error] ? 0 : -1;
    }
}
