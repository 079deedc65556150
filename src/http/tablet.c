/* The tablet session of the questionnaires (http/tablet.h). */
#include "http/tablet.h"

#include <sodium.h>
#include <string.h>

#include "app.h"
#include "http/req.h"

#define TABLET_COOKIE "vtab"
enum { DEVICE_BYTES = 32, DEVICE_HEX = DEVICE_BYTES * 2 + 1, TOKEN_BYTES = 32,
       TOKEN_HEX = TOKEN_BYTES * 2 + 1, DEVICE_SECONDS = 12 * 3600 };

static bool device_well_formed(const char *t)
{
    if (!t || strlen(t) != DEVICE_HEX - 1)
        return false;
    for (const char *p = t; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* hex(BLAKE2b-256(key = device, code)) into out. */
static void derive(const char *device, const char *code, char out[TOKEN_HEX])
{
    unsigned char raw[TOKEN_BYTES];
    crypto_generichash(raw, sizeof raw, (const unsigned char *)code, strlen(code),
                       (const unsigned char *)device, DEVICE_HEX - 1);
    sodium_bin2hex(out, TOKEN_HEX, raw, sizeof raw);
}

const char *tablet_csrf(struct req *r, const char *code)
{
    const char *device = req_cookie(r, TABLET_COOKIE);
    char fresh[DEVICE_HEX];
    if (!device_well_formed(device)) {
        unsigned char raw[DEVICE_BYTES];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2hex(fresh, sizeof fresh, raw, sizeof raw);
        device = fresh;
        const char *secure = r->app->cfg.cookie_secure ? "; Secure" : "";
        req_add_header(r, "Set-Cookie",
                       arena_printf(&r->arena,
                                    TABLET_COOKIE "=%s; Path=/q; HttpOnly; SameSite=Strict;"
                                                  " Max-Age=%d%s",
                                    fresh, DEVICE_SECONDS, secure));
    }
    char token[TOKEN_HEX];
    derive(device, code, token);
    return arena_strdup(&r->arena, token);
}

bool tablet_check_csrf(const struct req *r, const char *code)
{
    const char *device = req_cookie(r, TABLET_COOKIE);
    const char *sent = req_form(r, "csrf");
    if (!device_well_formed(device) || !sent || strlen(sent) != TOKEN_HEX - 1)
        return false;
    char token[TOKEN_HEX];
    derive(device, code, token);
    return sodium_memcmp(sent, token, TOKEN_HEX - 1) == 0;
}
