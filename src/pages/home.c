/* The start page: where each role begins. */
#include "http/req.h"
#include "pages/pages.h"
#include "view/render.h"

int page_healthz(struct req *r) { return respond_text(r, 200, "ok"); }

int page_home(struct req *r)
{
    json_t *model = json_pack("{s:s}", "title", "Start");
    return render(r, 200, "home", model);
}
