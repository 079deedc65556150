/* STUB: activities pages, to be written. */
#include "http/req.h"
#include "pages/pages.h"
#include "view/render.h"

int page_activities_list(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_activity_new(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_activity_create(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_activity_show(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_activity_edit(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_activity_update(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_session_edit(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_session_update(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
