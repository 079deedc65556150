/* STUB: admin pages, to be written. */
#include "http/req.h"
#include "pages/pages.h"
#include "view/render.h"

int page_admin(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_domains_list(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_domain_create(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_domain_update(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_holidays_list(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_holiday_create(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_holiday_delete(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
