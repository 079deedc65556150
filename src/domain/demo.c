/* STUB: replaced by the demo generator. */
#include "domain/demo.h"

json_t *demo_document(int today)
{
    (void)today;
    return json_object();
}
