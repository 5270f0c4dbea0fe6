/*
 * test_secret_field.c -- a passphrase field keeps its text in locked
 * memory from core (im_secure_alloc), and the edit buffer hands every byte
 * it held back wiped.
 *
 * The buffer is first given a counting allocator that checks, at each
 * release, that the block is all zero: growth, preedit, clearing, moving
 * to another allocator and freeing all go through it.  Then a real
 * password field is made: its buffer uses im_secure_alloc/im_secure_free
 * (sodium_malloc underneath: guard pages, mlock, wiped on free) while an
 * ordinary field stays on the heap.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "innermost/vault.h"
#include "input/textedit.h"
#include "widgets/textfield.h"

#define MAX_BLOCKS 64

static struct block {
    unsigned char *p;
    size_t n;
} blocks[MAX_BLOCKS];
static int live, made, dirty_releases;

static void *count_alloc(size_t n)
{
    for (int i = 0; i < MAX_BLOCKS; i++) {
        if (!blocks[i].p) {
            blocks[i].p = malloc(n);
            blocks[i].n = n;
            live++;
            made++;
            return blocks[i].p;
        }
    }
    return NULL;
}

static void count_release(void *p)
{
    for (int i = 0; i < MAX_BLOCKS; i++) {
        if (blocks[i].p == p) {
            for (size_t k = 0; k < blocks[i].n; k++)
                dirty_releases += blocks[i].p[k] != 0;
            free(p);
            blocks[i].p = NULL;
            live--;
            return;
        }
    }
    CHECK(!"released a block the allocator never gave");
}

/* 1 if p lies inside a block the counting allocator handed out. */
static int counted(const void *p)
{
    const unsigned char *q = p;
    for (int i = 0; i < MAX_BLOCKS; i++)
        if (blocks[i].p && q >= blocks[i].p && q < blocks[i].p + blocks[i].n)
            return 1;
    return 0;
}

static const im_text_alloc counting = {count_alloc, count_release};

static void buffer_uses_allocator(void)
{
    static const char secret[] = "correct horse battery staple";
    im_textedit te;
    im_textedit_init(&te, 0, 0);
    /* Text typed before the allocator is set moves over, old copy wiped. */
    im_textedit_insert(&te, "early", 5);
    CHECK(im_textedit_set_alloc(&te, &counting) == 0);
    CHECK(im_textedit_alloc(&te) == &counting);
    CHECK(strcmp(im_textedit_text(&te), "early") == 0);
    CHECK(counted(im_textedit_text(&te)));
    im_textedit_set_text(&te, secret, strlen(secret));
    CHECK(counted(im_textedit_text(&te)));

    /* Growth: the smaller block goes back wiped. */
    int before = made;
    char big[600];
    memset(big, 'x', sizeof big);
    im_textedit_insert(&te, big, sizeof big);
    CHECK(made > before && counted(im_textedit_text(&te)));
    CHECK(dirty_releases == 0);

    /* IME composition lives there too, and goes back wiped. */
    im_textedit_preedit_set(&te, "\xE3\x81\x8B", 3, 1);
    CHECK(counted(im_textedit_preedit(&te)));
    im_textedit_preedit_commit(&te);
    CHECK(dirty_releases == 0);

    /* Clearing wipes the text in place. */
    const char *t = im_textedit_text(&te);
    size_t was = im_textedit_length(&te);
    im_textedit_set_text(&te, "", 0);
    int zero = 1;
    for (size_t k = 0; k < was; k++)
        zero &= t[k] == 0;
    CHECK(zero);

    /* Free hands back every block, wiped; the allocator stays. */
    im_textedit_insert(&te, secret, strlen(secret));
    im_textedit_free(&te);
    CHECK(live == 0 && dirty_releases == 0);
    CHECK(im_textedit_alloc(&te) == &counting);
    im_textedit_insert(&te, "again", 5);
    CHECK(counted(im_textedit_text(&te)));
    im_textedit_free(&te);
    CHECK(live == 0 && dirty_releases == 0);
}

static void password_field_is_locked(void)
{
    ui_widget *pass = ui_field_new("Passphrase", UI_FIELD_PASSWORD, 0, 0);
    ui_widget *line = ui_field_new("Name", UI_FIELD_LINE, 0, 0);
    REQUIRE(pass && line);
    const im_text_alloc *a = im_textedit_alloc(ui_field_edit(pass));
    CHECK(a && a->alloc == im_secure_alloc && a->release == im_secure_free);
    CHECK(im_textedit_alloc(ui_field_edit(line)) == NULL);
    static const char secret[] = "a passphrase typed into the field";
    im_textedit_insert(ui_field_edit(pass), secret, strlen(secret));
    CHECK(strcmp(ui_field_text(pass), secret) == 0);
    ui_field_set_text(pass, NULL, "");
    CHECK(strcmp(ui_field_text(pass), "") == 0);
    im_textedit_insert(ui_field_edit(pass), secret, strlen(secret));
    ui_widget_free(pass); /* sodium_free: canary checked, wiped, unmapped */
    ui_widget_free(line);
}

int main(void)
{
    buffer_uses_allocator();
    password_field_is_locked();
    return im_check_done();
}
