/* STUB: pupils pages, to be written. */
#include "http/req.h"
#include "pages/pages.h"
#include "view/render.h"

int page_pupils_list(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_pupil_new(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_pupil_create(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_pupils_import_form(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_pupils_import(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_pupil_show(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_pupil_edit(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_pupil_update(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_pupil_new_link_code(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
