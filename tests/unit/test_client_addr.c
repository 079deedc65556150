/* Tests of the client address (http/client_addr.c, issue 12): X-Forwarded-For is believed
 * only from a trusted proxy, and then only its right-most address that is not itself a
 * trusted proxy; addresses are compared and given in their canonical form; the list of
 * trusted proxies is checked. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "http/client_addr.h"

static void check(const char *peer, const char *forwarded, const char *trusted, const char *want)
{
    char out[CLIENT_ADDR_MAX];
    client_addr_resolve(peer, forwarded, trusted, out);
    if (strcmp(out, want))
        fail_msg("peer %s, X-Forwarded-For %s, trusted %s: got %s, want %s", peer,
                 forwarded ? forwarded : "(none)", trusted, out, want);
}

static void the_peer_without_trusted_proxies(void **state)
{
    (void)state;
    check("192.0.2.1", NULL, "", "192.0.2.1");
    check("192.0.2.1", "198.51.100.4", "", "192.0.2.1");
    /* A peer that is not a trusted proxy: the header is the client's invention. */
    check("192.0.2.1", "198.51.100.4", "127.0.0.1", "192.0.2.1");
    check("::ffff:192.0.2.1", "198.51.100.4", "127.0.0.1", "::ffff:192.0.2.1");
}

static void the_forwarded_address_from_a_trusted_proxy(void **state)
{
    (void)state;
    check("127.0.0.1", "198.51.100.4", "127.0.0.1", "198.51.100.4");
    check("127.0.0.1", " 198.51.100.4 ", "127.0.0.1", "198.51.100.4");
    /* The client's own additions to the left are not believed. */
    check("127.0.0.1", "6.6.6.6, 198.51.100.4", "127.0.0.1", "198.51.100.4");
    check("127.0.0.1", "6.6.6.6,198.51.100.4", "127.0.0.1", "198.51.100.4");
    /* A chain of trusted proxies is walked through. */
    check("127.0.0.1", "6.6.6.6, 198.51.100.4, 10.0.0.2", "127.0.0.1, 10.0.0.2",
          "198.51.100.4");
    check("127.0.0.1", "198.51.100.4,10.0.0.2", "127.0.0.1 10.0.0.2", "198.51.100.4");
    /* Only trusted addresses: the left-most. */
    check("127.0.0.1", "10.0.0.2", "127.0.0.1,10.0.0.2", "10.0.0.2");
    /* No header or an empty one: the proxy itself. */
    check("127.0.0.1", NULL, "127.0.0.1", "127.0.0.1");
    check("127.0.0.1", "", "127.0.0.1", "127.0.0.1");
    check("127.0.0.1", " , ", "127.0.0.1", "127.0.0.1");
}

static void garbage_stops_the_walk(void **state)
{
    (void)state;
    check("127.0.0.1", "198.51.100.4, unknown", "127.0.0.1", "127.0.0.1");
    check("127.0.0.1", "198.51.100.4, 10.0.0.2, x", "127.0.0.1,10.0.0.2", "127.0.0.1");
    check("127.0.0.1", "x, 10.0.0.2", "127.0.0.1,10.0.0.2", "10.0.0.2");
    check("127.0.0.1", "198.51.100.4:5678", "127.0.0.1", "127.0.0.1");
    check("127.0.0.1",
          "2001:db8:0000:0000:0000:0000:0000:0001:1234567890123456789012345678901234567890",
          "127.0.0.1", "127.0.0.1");
}

static void addresses_are_canonical(void **state)
{
    (void)state;
    check("::1", "2001:DB8:0:0:0:0:0:1", "0:0:0:0:0:0:0:1", "2001:db8::1");
    check("127.0.0.1", "2001:db8::1", "127.000.0.1", "127.0.0.1"); /* not an address */
}

static void the_list_is_checked(void **state)
{
    (void)state;
    assert_true(client_addr_list_valid(""));
    assert_true(client_addr_list_valid("127.0.0.1"));
    assert_true(client_addr_list_valid("127.0.0.1, 10.0.0.2 ::1,2001:db8::1"));
    assert_false(client_addr_list_valid("127.0.0.1, proxy.example.nl"));
    assert_false(client_addr_list_valid("10.0.0.0/8"));
    assert_false(client_addr_list_valid("256.0.0.1"));
    assert_false(client_addr_list_valid("127.0.0.1;10.0.0.2"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_peer_without_trusted_proxies),
        cmocka_unit_test(the_forwarded_address_from_a_trusted_proxy),
        cmocka_unit_test(garbage_stops_the_walk),
        cmocka_unit_test(addresses_are_canonical),
        cmocka_unit_test(the_list_is_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
