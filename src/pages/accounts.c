/* STUB: accounts pages, to be written. */
#include "http/req.h"
#include "pages/pages.h"
#include "view/render.h"

int page_accounts_list(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_account_new(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_account_create(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_account_edit(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
int page_account_update(struct req *r) { return render_error(r, 501, "Nog niet gebouwd."); }
