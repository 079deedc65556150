/* The private calendar feed of one child (issue 3): GET /calendar.ics?token=… answers the
   iCalendar text. Public, as calendar apps send no cookie: the token is the secret. */
#include <time.h>

#include "domain/enrolment/calendar.h"
#include "http/req.h"
#include "pages/pages.h"
#include "view/render.h"

int page_calendar_feed(struct req *r)
{
    struct buf ics = BUF_INIT;
    enum calendar_result rc = calendar_ics(r->db, req_query(r, "token"), time(NULL), &ics);
    if (rc != CALENDAR_OK) {
        buf_free(&ics);
        if (rc == CALENDAR_NOT_FOUND)
            return render_error(r, 404, "Deze agenda bestaat niet (meer).");
        return render_error(r, 500, "De agenda kan nu niet worden gemaakt.");
    }
    buf_free(&r->body);
    r->body = ics;
    r->content_type = "text/calendar; charset=utf-8";
    r->status = 200;
    /* Calendar apps poll; a quarter of an hour keeps that cheap, and no shared cache keeps it. */
    req_add_header(r, "Cache-Control", "private, max-age=900");
    req_add_header(r, "Content-Disposition", "inline; filename=\"verrijkt.ics\"");
    return 200;
}
