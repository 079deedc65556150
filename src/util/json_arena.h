/* jansson's memory during a request: a bump allocator per thread (issue 13). A page's model
   is hundreds of small JSON values (an object, its hash table, its keys, its strings) that all
   die together when the answer is rendered; malloc and free of each were a quarter of a
   parent's page. Between json_arena_begin and json_arena_end the thread's JSON values are cut
   from blocks of its own, freeing one costs nothing, and json_arena_end makes the blocks
   ready for the next request (it keeps a few, so a request touches no fresh memory).

   The rules that make this safe:
   - every JSON value made between begin and end is freed by end (a model is rendered or sent
     and then freed; nothing of a request's JSON is kept);
   - a value made on another thread, or outside begin … end, is malloc's and freed by free;
   - jansson's own strings (json_dumps) are not for free(): json_text makes a text that is.
   Under AddressSanitizer a reset block is poisoned, so a value used after its request is
   caught. */
#ifndef VERRIJKT_UTIL_JSON_ARENA_H
#define VERRIJKT_UTIL_JSON_ARENA_H

#include <jansson.h>
#include <stddef.h>

/* Make jansson allocate through this file: once, before any thread uses jansson. */
void json_arena_install(void);
/* From now on, this thread's JSON values come from its arena … */
void json_arena_begin(void);
/* … until now: every one of them must have been freed. */
void json_arena_end(void);
/* json_dumps(value, flags) as a malloc'd text (free() it), NULL when value cannot be dumped. */
char *json_text(const json_t *value, size_t flags);

#endif
