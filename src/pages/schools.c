/* STUB: schools pages, to be written. */
#include "http/req.h"
#include "pages/pages.h"
#include "view/render.h"

int page_schools_list(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_school_new(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_school_create(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_school_show(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_school_edit(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_school_update(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
