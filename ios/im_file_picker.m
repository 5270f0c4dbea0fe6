/*
 * im_file_picker.m -- the system chooser's half for iOS (file_picker.h):
 * UIDocumentPickerViewController.  iOS 14 or later; compiled with ARC.
 * UNVERIFIED: no Apple toolchain on the machine this was written on.
 *
 * Save: the picker chooses a FOLDER (UTTypeFolder, not a file to export:
 * exporting would need the file written first, and a readable export must
 * never sit in a temporary file); the file is then the folder's path plus
 * the offered name, written by core like any path.  Open: the picker
 * chooses a file in place (asCopy:NO).  Either URL is security-scoped:
 * access starts when it is chosen and is kept for the run of the app (a
 * form may write or read it later); iOS drops it when the app ends.
 */
#import <UIKit/UIKit.h>
#import <UniformTypeIdentifiers/UniformTypeIdentifiers.h>

#include <string.h>

#include "platform/file_picker.h"

@interface IMFilePickerDelegate : NSObject <UIDocumentPickerDelegate>
@property(nonatomic, assign) ui_picker *run;
@end

static IMFilePickerDelegate *im_picker_delegate; /* one run at a time */

@implementation IMFilePickerDelegate
- (void)documentPicker:(UIDocumentPickerViewController *)controller didPickDocumentsAtURLs:(NSArray<NSURL *> *)urls
{
    (void)controller;
    ui_picker *p = self.run;
    self.run = NULL;
    if (!p) return;
    NSURL *url = urls.firstObject;
    ui_pick_result r;
    memset(&r, 0, sizeof r);
    r.fd = -1;
    if (!url || ![url startAccessingSecurityScopedResource]) {
        ui_picker_finish(p, UI_PICK_FAILED, NULL);
        return;
    }
    const char *fs = url.fileSystemRepresentation;
    int ok = fs != NULL;
    if (ok && p->req.mode == UI_PICK_SAVE) ok = ui_path_join(r.path, sizeof r.path, fs, p->req.file_name) == 0;
    else if (ok) ok = (size_t)snprintf(r.path, sizeof r.path, "%s", fs) < sizeof r.path;
    const char *base = strrchr(r.path, '/');
    snprintf(r.display, sizeof r.display, "%s", base ? base + 1 : r.path);
    ui_picker_finish(p, ok ? UI_PICK_CHOSEN : UI_PICK_FAILED, &r);
}

- (void)documentPickerWasCancelled:(UIDocumentPickerViewController *)controller
{
    (void)controller;
    ui_picker *p = self.run;
    self.run = NULL;
    if (p) ui_picker_finish(p, UI_PICK_CANCELLED, NULL);
}
@end

int ui_picker_native_possible(void) { return 1; }

static UIViewController *top_controller(void)
{
    for (UIScene *scene in UIApplication.sharedApplication.connectedScenes) {
        if (![scene isKindOfClass:[UIWindowScene class]]) continue;
        for (UIWindow *w in ((UIWindowScene *)scene).windows) {
            if (!w.isKeyWindow) continue;
            UIViewController *c = w.rootViewController;
            while (c.presentedViewController) c = c.presentedViewController;
            return c;
        }
    }
    return nil;
}

int ui_picker_platform_start(ui_picker *p)
{
    if (@available(iOS 14.0, *)) {
        dispatch_async(dispatch_get_main_queue(), ^{
          UIViewController *top = top_controller();
          if (!top) {
              ui_picker_finish(p, UI_PICK_FAILED, NULL);
              return;
          }
          if (!im_picker_delegate) im_picker_delegate = [IMFilePickerDelegate new];
          if (im_picker_delegate.run) ui_picker_finish(im_picker_delegate.run, UI_PICK_CANCELLED, NULL);
          im_picker_delegate.run = p;
          NSArray<UTType *> *types = p->req.mode == UI_PICK_SAVE ? @[ UTTypeFolder ] : @[ UTTypeData ];
          UIDocumentPickerViewController *picker = [[UIDocumentPickerViewController alloc] initForOpeningContentTypes:types
                                                                                                             asCopy:NO];
          picker.delegate = im_picker_delegate;
          picker.allowsMultipleSelection = NO;
          [top presentViewController:picker animated:YES completion:nil];
        });
        return 0;
    }
    return -1;
}
