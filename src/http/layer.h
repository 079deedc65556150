/* The layers, enforced by the build (Makefile: each object is compiled with
   -DVERRIJKT_LAYER_<its folder>). Every header of src/http includes this file, so that a file of
   a lower layer that includes one fails to compile. http is below view and pages; it includes
   nothing of view, domain or pages, and nothing below it includes it. */
#if defined(VERRIJKT_LAYER_domain) || defined(VERRIJKT_LAYER_db) || defined(VERRIJKT_LAYER_util)
#error "src/http is above this layer: domain, db and util must not include http/ headers"
#endif
