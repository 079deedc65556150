/* See http/layer.h. domain (the rules and the reads of each area) is above db and util and
   below pages and the command line; it includes nothing of http, view or pages. */
#if defined(VERRIJKT_LAYER_http) || defined(VERRIJKT_LAYER_view) || \
    defined(VERRIJKT_LAYER_db) || defined(VERRIJKT_LAYER_util)
#error "src/domain is above this layer: http, view, db and util must not include domain/ headers"
#endif
