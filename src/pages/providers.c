/* STUB: providers pages, to be written. */
#include "http/req.h"
#include "pages/pages.h"
#include "view/render.h"

int page_providers_list(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_provider_new(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_provider_create(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_provider_show(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_provider_edit(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_provider_update(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_staff_new(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_staff_create(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_staff_edit(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_staff_update(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
