/* See http/layer.h. view (templates, render, texts) is above http and below pages; it includes
   nothing of domain or pages. */
#if defined(VERRIJKT_LAYER_http) || defined(VERRIJKT_LAYER_domain) || \
    defined(VERRIJKT_LAYER_db) || defined(VERRIJKT_LAYER_util)
#error "src/view is above this layer: http, domain, db and util must not include view/ headers"
#endif
