/*
 * im_a11y_ios.m -- the accessibility bridge on iOS (app/src/a11y/hub.h):
 * the snapshot (tree.h) as UIAccessibilityElements on SDL's view, for
 * VoiceOver; its actions handed back as hub requests.
 *
 * UNVERIFIED: no Xcode or Apple SDK on the machine this was written on; not
 * compiled or run.  What it decides beyond mapping to UIKit (the numbers
 * and strings of each node, bullets for a secret, screen units) comes from
 * app/src/a11y/mobile.c, tested on Linux.  See docs/platforms.md.
 *
 * Threads.  SDL runs the app on the main thread on iOS, so the hub's
 * notify, the take and every UIKit call happen there; a request queued
 * from an element's accessibilityActivate is carried out by the app's loop
 * on the next event, as on every platform.
 *
 * Elements are kept by node id (tree.h invariant 3) so VoiceOver's cursor
 * stays on the same element across snapshots.  A secret field is a
 * UIAccessibilityTraitNone text element whose value is bullets only.
 */
#import <UIKit/UIKit.h>

#include <SDL.h>

#include "a11y/hub.h"
#include "a11y/mobile.h"

@interface IMA11yElement : UIAccessibilityElement
@property(nonatomic, assign) uint64_t nodeId;
@property(nonatomic, copy) NSString *nodeName;
@property(nonatomic, assign) int role;
@property(nonatomic, assign) int actions;
@property(nonatomic, assign) int value;
@property(nonatomic, assign) ui_a11y_hub *hub;
@end

@implementation IMA11yElement

- (void)request:(ui_a11y_req_kind)kind a:(int)a
{
    ui_a11y_request r;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    r.id = self.nodeId;
    r.a = a;
    snprintf(r.name, sizeof r.name, "%s", self.nodeName.UTF8String ? self.nodeName.UTF8String : "");
    ui_a11y_hub_request(self.hub, &r);
}

- (BOOL)accessibilityActivate
{
    if (!(self.actions & UI_A11Y_ACT_ACTIVATE)) return NO;
    [self request:UI_A11Y_REQ_ACTIVATE a:0];
    return YES;
}

- (void)accessibilityIncrement
{
    if (self.actions & UI_A11Y_ACT_SET_VALUE) [self request:UI_A11Y_REQ_SET_VALUE a:self.value + 1];
}

- (void)accessibilityDecrement
{
    if (self.actions & UI_A11Y_ACT_SET_VALUE) [self request:UI_A11Y_REQ_SET_VALUE a:self.value - 1];
}

@end

struct ui_a11y_bridge {
    ui_a11y_hub *hub;
    UIView *view;                                         /* SDL's view: the container */
    NSMutableDictionary<NSNumber *, IMA11yElement *> *by_id; /* kept across snapshots */
};

static NSString *ns(const char *s)
{
    NSString *n = [NSString stringWithUTF8String:s ? s : ""];
    return n ? n : @"";
}

/* UIKit traits of a node from its role and states. */
static UIAccessibilityTraits traits_of(const int32_t *f)
{
    UIAccessibilityTraits t = UIAccessibilityTraitNone;
    int role = f[UI_A11Y_MF_ROLE], st = f[UI_A11Y_MF_STATES];
    switch (role) {
    case UI_A11Y_ROLE_BUTTON:
    case UI_A11Y_ROLE_TOGGLE:
    case UI_A11Y_ROLE_RADIO:
    case UI_A11Y_ROLE_LIST_ITEM:
    case UI_A11Y_ROLE_TAB: t |= UIAccessibilityTraitButton; break;
    case UI_A11Y_ROLE_HEADING: t |= UIAccessibilityTraitHeader; break;
    case UI_A11Y_ROLE_SLIDER: t |= UIAccessibilityTraitAdjustable; break;
    case UI_A11Y_ROLE_IMAGE: t |= UIAccessibilityTraitImage; break;
    case UI_A11Y_ROLE_TAB_LIST: t |= UIAccessibilityTraitTabBar; break;
    case UI_A11Y_ROLE_TIMER: t |= UIAccessibilityTraitUpdatesFrequently; break;
    case UI_A11Y_ROLE_STATIC_TEXT:
    case UI_A11Y_ROLE_ALERT: t |= UIAccessibilityTraitStaticText; break;
    default: break;
    }
    if (st & UI_A11Y_ST_DISABLED) t |= UIAccessibilityTraitNotEnabled;
    if (st & (UI_A11Y_ST_SELECTED | UI_A11Y_ST_CHECKED)) t |= UIAccessibilityTraitSelected;
    return t;
}

/* The elements of snapshot t, in reading order (the container's order). */
static NSArray *elements_of(ui_a11y_bridge *b, const ui_a11y_tree *t)
{
    size_t n = (size_t)t->count * UI_A11Y_MF_COUNT;
    int32_t *num = malloc((n ? n : 1) * sizeof *num);
    if (!num || ui_a11y_mobile_numbers(t, num, n) != t->count) {
        free(num);
        return @[];
    }
    NSMutableArray *out = [NSMutableArray array];
    NSMutableDictionary *seen = [NSMutableDictionary dictionary];
    char buf[4 * 256];
    for (int i = 1; i < t->count; i++) {
        const int32_t *f = num + (size_t)i * UI_A11Y_MF_COUNT;
        if (f[UI_A11Y_MF_ROLE] == UI_A11Y_ROLE_NONE || f[UI_A11Y_MF_ROLE] == UI_A11Y_ROLE_LIST ||
            f[UI_A11Y_MF_ROLE] == UI_A11Y_ROLE_DIALOG || (f[UI_A11Y_MF_STATES] & UI_A11Y_ST_OFFSCREEN))
            continue; /* containers are not elements of their own here: their children are */
        NSNumber *key = @(t->nodes[i].id);
        IMA11yElement *e = b->by_id[key];
        if (!e) e = [[IMA11yElement alloc] initWithAccessibilityContainer:b->view];
        e.nodeId = t->nodes[i].id;
        e.hub = b->hub;
        e.role = f[UI_A11Y_MF_ROLE];
        e.actions = f[UI_A11Y_MF_ACTIONS];
        e.value = f[UI_A11Y_MF_VALUE];
        e.nodeName = ns(ui_a11y_mobile_string(t, i, UI_A11Y_MS_NAME, buf, sizeof buf));
        e.accessibilityLabel = e.nodeName;
        e.accessibilityHint = ns(ui_a11y_mobile_string(t, i, UI_A11Y_MS_DESCRIPTION, buf, sizeof buf));
        if (f[UI_A11Y_MF_ROLE] == UI_A11Y_ROLE_TEXT_FIELD)
            e.accessibilityValue = ns(ui_a11y_mobile_string(t, i, UI_A11Y_MS_TEXT, buf, sizeof buf));
        else if (f[UI_A11Y_MF_HAS_VALUE])
            e.accessibilityValue = [NSString stringWithFormat:@"%d", f[UI_A11Y_MF_VALUE]];
        else
            e.accessibilityValue = nil;
        e.accessibilityTraits = traits_of(f);
        /* screen units from mobile.h are the window's points on iOS */
        e.accessibilityFrame = UIAccessibilityConvertFrameToScreenCoordinates(
            CGRectMake(f[UI_A11Y_MF_X], f[UI_A11Y_MF_Y], f[UI_A11Y_MF_W], f[UI_A11Y_MF_H]), b->view);
        [out addObject:e];
        seen[key] = e;
    }
    [b->by_id setDictionary:seen];
    free(num);
    return out;
}

/* The events of a snapshot, said the iOS way. */
static void post_events(const ui_a11y_tree *t)
{
    for (int k = 0; k < t->nevents; k++) {
        NSString *s = ns(t->events[k].text);
        if (t->events[k].kind == UI_A11Y_EV_SCREEN) UIAccessibilityPostNotification(UIAccessibilityScreenChangedNotification, s);
        else UIAccessibilityPostNotification(UIAccessibilityAnnouncementNotification, s);
    }
}

static void notify(void *ctx)
{
    ui_a11y_bridge *b = ctx;
    ui_a11y_tree *t = ui_a11y_hub_take(b->hub);
    if (!t) return;
    b->view.isAccessibilityElement = NO;
    b->view.accessibilityElements = elements_of(b, t);
    UIAccessibilityPostNotification(UIAccessibilityLayoutChangedNotification, nil);
    post_events(t);
    ui_a11y_tree_free(t);
}

/* SDL's view: the root view of the app's key window (SDL makes one). */
static UIView *sdl_view(void)
{
    for (UIWindow *w in UIApplication.sharedApplication.windows)
        if (w.isKeyWindow) return w.rootViewController.view;
    return UIApplication.sharedApplication.windows.firstObject.rootViewController.view;
}

ui_a11y_bridge *ui_a11y_bridge_start(ui_a11y_hub *hub)
{
    UIView *view = sdl_view();
    if (!view) return NULL;
    ui_a11y_bridge *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->hub = hub;
    b->view = view;
    b->by_id = [NSMutableDictionary dictionary];
    ui_a11y_hub_set_notify(hub, notify, b);
    ui_a11y_hub_set_active(hub, UIAccessibilityIsVoiceOverRunning());
    [[NSNotificationCenter defaultCenter] addObserverForName:UIAccessibilityVoiceOverStatusDidChangeNotification
                                                      object:nil
                                                       queue:[NSOperationQueue mainQueue]
                                                  usingBlock:^(NSNotification *note) {
                                                      (void)note;
                                                      ui_a11y_hub_set_active(hub, UIAccessibilityIsVoiceOverRunning());
                                                  }];
    return b;
}

void ui_a11y_bridge_stop(ui_a11y_bridge *b)
{
    if (!b) return;
    ui_a11y_hub_set_notify(b->hub, NULL, NULL);
    ui_a11y_hub_set_active(b->hub, 0);
    b->view.accessibilityElements = nil;
    b->by_id = nil;
    b->view = nil;
    free(b);
}
