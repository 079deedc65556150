/* See http/layer.h. db (connections, transactions, statements, rows) is below the domain. Pages
   never include it: they read and write through src/domain. */
#if defined(VERRIJKT_LAYER_view) || defined(VERRIJKT_LAYER_util) || defined(VERRIJKT_LAYER_pages)
#error "src/db is below this layer: pages, view and util must not include db/ headers"
#endif
