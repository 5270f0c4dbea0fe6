/* png.c -- see png.h. */
#include "platform/png.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc_update(uint32_t crc, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) crc = crc_table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return crc;
}

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static int chunk(SDL_RWops *rw, const char *type, const uint8_t *data, size_t n)
{
    uint8_t hdr[8];
    be32(hdr, (uint32_t)n);
    memcpy(hdr + 4, type, 4);
    uint32_t crc = crc_update(0xFFFFFFFFu, hdr + 4, 4);
    crc = crc_update(crc, data, n) ^ 0xFFFFFFFFu;
    uint8_t tail[4];
    be32(tail, crc);
    return SDL_RWwrite(rw, hdr, 1, 8) == 8 && (n == 0 || SDL_RWwrite(rw, data, 1, n) == n) &&
                   SDL_RWwrite(rw, tail, 1, 4) == 4
               ? 0
               : -1;
}

int ui_png_write(SDL_Surface *surface, const char *path)
{
    crc_init();
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(surface, SDL_PIXELFORMAT_RGB24, 0);
    if (!rgb) return -1;
    size_t row = (size_t)rgb->w * 3 + 1, raw_len = row * (size_t)rgb->h;
    size_t blocks = (raw_len + 65534) / 65535;
    size_t z_len = 2 + raw_len + blocks * 5 + 4;
    uint8_t *raw = malloc(raw_len), *z = malloc(z_len);
    int rc = -1;
    if (!raw || !z) {
        SDL_SetError("out of memory");
        goto out;
    }
    for (int y = 0; y < rgb->h; y++) {
        raw[row * (size_t)y] = 0;
        memcpy(raw + row * (size_t)y + 1, (uint8_t *)rgb->pixels + (size_t)y * (size_t)rgb->pitch, row - 1);
    }
    size_t o = 0;
    z[o++] = 0x78, z[o++] = 0x01;
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < raw_len; i++) {
        a = (a + raw[i]) % 65521;
        b = (b + a) % 65521;
    }
    for (size_t off = 0; off < raw_len; off += 65535) {
        size_t n = raw_len - off < 65535 ? raw_len - off : 65535;
        z[o++] = off + n == raw_len;
        z[o++] = (uint8_t)n, z[o++] = (uint8_t)(n >> 8);
        z[o++] = (uint8_t)~n, z[o++] = (uint8_t)(~n >> 8);
        memcpy(z + o, raw + off, n);
        o += n;
    }
    be32(z + o, (b << 16) | a);
    o += 4;
    SDL_RWops *rw = SDL_RWFromFile(path, "wb");
    if (!rw) goto out;
    static const uint8_t sig[8] = { 137, 'P', 'N', 'G', 13, 10, 26, 10 };
    uint8_t ihdr[13];
    be32(ihdr, (uint32_t)rgb->w);
    be32(ihdr + 4, (uint32_t)rgb->h);
    ihdr[8] = 8, ihdr[9] = 2, ihdr[10] = 0, ihdr[11] = 0, ihdr[12] = 0;
    rc = SDL_RWwrite(rw, sig, 1, 8) == 8 && chunk(rw, "IHDR", ihdr, 13) == 0 && chunk(rw, "IDAT", z, o) == 0 &&
                 chunk(rw, "IEND", NULL, 0) == 0
             ? 0
             : -1;
    if (SDL_RWclose(rw) != 0) rc = -1;
    if (rc) SDL_SetError("cannot write %s", path);
out:
    free(raw);
    free(z);
    SDL_FreeSurface(rgb);
    return rc;
}
