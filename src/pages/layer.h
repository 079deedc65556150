/* See http/layer.h. pages are the top of the server: only the command line (serve) and the
   other pages include them. */
#if defined(VERRIJKT_LAYER_http) || defined(VERRIJKT_LAYER_view) || \
    defined(VERRIJKT_LAYER_domain) || defined(VERRIJKT_LAYER_db) || defined(VERRIJKT_LAYER_util) || \
    defined(VERRIJKT_LAYER_demo) || defined(VERRIJKT_LAYER_io) || defined(VERRIJKT_LAYER_mail)
#error "src/pages is the top layer: nothing below it includes pages/ headers"
#endif
