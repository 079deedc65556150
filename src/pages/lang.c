/* POST /lang: the language switch in the header of every page. */
#include "pages/lang.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/people/accounts.h"
#include "http/req.h"
#include "pages/pages.h"
#include "view/i18n.h"
#include "view/render.h"
#include "util/log.h"

enum { LANG_COOKIE_SECONDS = 365 * 24 * 3600 };

const char *page_local_path(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/')
        return "/";
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
            return "/";
    return next;
}

/* Remember code in this browser for a year. */
static void set_lang_cookie(struct req *r, const char *code)
{
    const char *secure = r->app->cfg.cookie_secure ? "; Secure" : "";
    req_add_header(r, "Set-Cookie",
                   arena_printf(&r->arena, I18N_COOKIE "=%s; Path=/; Max-Age=%d; SameSite=Lax;"
                                " HttpOnly%s", code, LANG_COOKIE_SECONDS, secure));
}

/* The language saved for user_id (a loaded code), or NULL when none is (or on an error). */
static const char *saved_lang(struct req *r, int64_t user_id)
{
    json_t *row;
    if (read_account_lang(r->db, user_id, &row) <= 0)
        return NULL;
    const char *code = i18n_find(json_string_value(json_object_get(row, "lang")));
    json_decref(row);
    return code;
}

void lang_after_login(struct req *r, int64_t user_id)
{
    const char *saved = saved_lang(r, user_id);
    const char *chosen = i18n_find(req_cookie(r, I18N_COOKIE));
    if (saved) {
        if (!chosen || strcmp(chosen, saved))
            set_lang_cookie(r, saved);
        r->lang = saved;
    } else if (chosen) {
        account_set_lang(r->db, user_id, chosen);
    }
}

int page_lang_set(struct req *r)
{
    const char *code = i18n_find(req_form(r, "lang"));
    if (!code)
        return render_error(r, 400, req_text(r, "lang.unknown"));
    r->lang = code;
    set_lang_cookie(r, code);
    if (r->user.role != ROLE_NONE && account_set_lang(r->db, r->user.id, code))
        log_error("lang: could not save the language of user %lld\n",
                (long long)r->user.id);
    if (r->wants_json)
        return respond_json(r, 200, json_pack("{s:s}", "lang", code));
    return respond_redirect(r, page_local_path(req_form(r, "next")));
}
