/*
 * im_apple_prefs.m -- see im_apple_prefs.h.  iOS only; compiled with ARC.
 * UNVERIFIED: no Apple toolchain on the machine this was written on.
 *
 * The content size category is a string constant ("UICTContentSizeCategoryL"
 * for the default Large); system_prefs.c turns it into a scale
 * (ui_system_prefs_ios_category_scale, tested on Linux).  Reduce motion is
 * sent as an animator scale of 0 (motion off) or 1; Darker System Colors
 * (Increase Contrast) as the high-contrast flag.  The observers run on the
 * main queue and only store and post (system_prefs.h, invariant 2).
 */
#import <UIKit/UIKit.h>

#include "im_apple_prefs.h"
#include "platform/system_prefs.h"

static void send(void)
{
    float font = -1.0f;
    NSString *category = [UIApplication sharedApplication].preferredContentSizeCategory;
    if (category != nil) {
        float s = ui_system_prefs_ios_category_scale(category.UTF8String);
        if (s > 0.0f)
            font = s;
    }
    float motion = UIAccessibilityIsReduceMotionEnabled() ? 0.0f : 1.0f;
    int contrast = UIAccessibilityDarkerSystemColorsEnabled() ? 1 : 0;
    ui_system_prefs_platform_set(font, motion, contrast);
}

void im_apple_prefs_start(void)
{
    static BOOL started = NO;
    send();
    if (started)
        return;
    started = YES;
    NSNotificationCenter *nc = [NSNotificationCenter defaultCenter];
    NSArray<NSNotificationName> *names = @[
        UIContentSizeCategoryDidChangeNotification,
        UIAccessibilityReduceMotionStatusDidChangeNotification,
        UIAccessibilityDarkerSystemColorsStatusDidChangeNotification,
    ];
    for (NSNotificationName name in names)
        [nc addObserverForName:name
                        object:nil
                         queue:[NSOperationQueue mainQueue]
                    usingBlock:^(NSNotification *note) {
                      (void)note;
                      send();
                    }];
}
