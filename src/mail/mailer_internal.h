/* Shared between the parts of the mail sender: mailer.c (the outbox and the background
   thread), mailer_message.c (building a message) and mailer_command.c (running the command).
   Not for use elsewhere; the public interface is mailer.h. */
#ifndef VERRIJKT_DOMAIN_MAILER_INTERNAL_H
#define VERRIJKT_DOMAIN_MAILER_INTERNAL_H

#include <stdbool.h>

/* Whether from (the configured [mail] from) can be written as a From header, as
   mailer_build_message would write it. send_due checks it once before any message, so that a
   configuration error leaves the messages waiting instead of refusing each of them. */
bool mailer_from_usable(const char *from);

#endif
