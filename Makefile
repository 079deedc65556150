# verrijkt: `make run` serves the demo on http://127.0.0.1:8080, `make test` runs every test.
# Both install the Debian packages they miss first (see `make deps`).

B       ?= build
CC      ?= cc
CSTD    := -std=c17 -D_GNU_SOURCE
WARN    := -Wall -Wextra -Wformat=2 -Wshadow -Werror
PKGS    := libmicrohttpd jansson libsodium sqlite3 inih
CFLAGS  ?= -O2 -g
CPPFLAGS := -Isrc -I$(B)/gen
LDLIBS  := -lmicrohttpd -ljansson -lsodium -lsqlite3 -linih -lcsv -lpthread
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRC     := $(shell find src -name '*.c' | sort)
LIB_SRC := $(filter-out src/main.c,$(SRC))
MIGRATIONS := $(sort $(wildcard migrations/*.sql))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
HTTP_SRC := $(sort $(wildcard tests/http/test_*.c))

OBJ      := $(patsubst src/%.c,$(B)/obj/%.o,$(LIB_SRC)) $(B)/obj/gen/migrations.o
SAN_OBJ  := $(patsubst src/%.c,$(B)/asan/obj/%.o,$(LIB_SRC)) $(B)/asan/obj/gen/migrations.o
# What the unit tests link: every layer below the pages, as an archive (so that a test pulls in
# only the objects it uses); pages and the command line are tested over HTTP.
UNIT_LIB_OBJ = $(filter-out $(1)/obj/pages/% $(1)/obj/cli/%,$(2))
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
UNIT_SAN := $(patsubst tests/unit/%.c,$(B)/asan/tests/%,$(UNIT_SRC))
HTTP_BIN := $(patsubst tests/http/%.c,$(B)/tests/%,$(HTTP_SRC))

DEB_BUILD := gcc make pkg-config libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev \
             libinih-dev libcsv-dev sqlite3
DEB_TEST  := libcmocka-dev libcurl4-openssl-dev chromium chromium-l10n nodejs:node npm:npm curl

.PHONY: all run test test-unit test-http test-e2e deps deps-test bench fuzz clean format \
        install uninstall

all: $(B)/verrijkt

# --- dependencies -----------------------------------------------------------------------------
deps:
	@tests/tools/apt-ensure $(DEB_BUILD)

deps-test: deps
	@tests/tools/apt-ensure $(DEB_TEST)
	@tests/tools/npm-ensure

# --- build ------------------------------------------------------------------------------------
$(B)/gen/migrations.c: $(MIGRATIONS) tests/tools/embed-migrations
	@mkdir -p $(@D)
	tests/tools/embed-migrations $(MIGRATIONS) > $@

$(B)/obj/gen/migrations.o: $(B)/gen/migrations.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(CPPFLAGS) -c $< -o $@

$(B)/asan/obj/gen/migrations.o: $(B)/gen/migrations.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) -c $< -o $@

# The layers: each object is compiled with -DVERRIJKT_LAYER_<its folder under src/>, and the
# headers of a folder refuse (#error) to be included by a layer below theirs (src/*/layer.h).
LAYERS := http view db domain pages util demo io mail cli
layer_flags = $(if $(filter $(firstword $(subst /, ,$1)),$(LAYERS)),\
                -DVERRIJKT_LAYER_$(firstword $(subst /, ,$1)))

$(B)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(CPPFLAGS) $(call layer_flags,$*) -MMD -MP -c $< -o $@

$(B)/asan/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) $(call layer_flags,$*) -MMD -MP -c $< -o $@

$(B)/verrijkt: $(B)/obj/main.o $(OBJ)
	$(CC) $(CFLAGS) $^ $(LDLIBS) -o $@

$(B)/asan/verrijkt: $(B)/asan/obj/main.o $(SAN_OBJ)
	$(CC) $(SAN) $^ $(LDLIBS) -o $@

$(B)/lib/libunit.a: $(call UNIT_LIB_OBJ,$(B),$(OBJ))
	@mkdir -p $(@D)
	@rm -f $@
	ar rcs $@ $^

$(B)/asan/lib/libunit.a: $(call UNIT_LIB_OBJ,$(B)/asan,$(SAN_OBJ))
	@mkdir -p $(@D)
	@rm -f $@
	ar rcs $@ $^

$(B)/tests/%: tests/unit/%.c tests/unit/testdb.c tests/unit/testdb.h $(B)/lib/libunit.a
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(CPPFLAGS) $(filter-out %.h,$^) $(LDLIBS) -lcmocka -o $@

$(B)/asan/tests/%: tests/unit/%.c tests/unit/testdb.c tests/unit/testdb.h $(B)/asan/lib/libunit.a
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) $(filter-out %.h,$^) $(LDLIBS) -lcmocka -o $@

$(B)/tests/test_http_%: tests/http/test_http_%.c tests/http/harness.c tests/http/testkit.c \
                        tests/http/htmlform.c \
                        $(wildcard tests/http/*.h)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(CPPFLAGS) -Itests/http $(filter %.c,$^) \
		-lcurl -ljansson -lcmocka -o $@

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# --- run --------------------------------------------------------------------------------------
run: deps $(B)/verrijkt
	@if [ ! -f verrijkt.db ]; then $(B)/verrijkt seed-demo --db verrijkt.db; fi
	$(B)/verrijkt serve --db verrijkt.db --listen 127.0.0.1:8080

# --- tests ------------------------------------------------------------------------------------
test: deps-test
	@$(MAKE) --no-print-directory $(B)/verrijkt $(B)/asan/verrijkt $(UNIT_BIN) $(UNIT_SAN) $(HTTP_BIN) \
		$(FUZZ_REPLAY) $(FUZZ_REPLAY_SAN)
	@tests/run

# --- install (issue 16) -------------------------------------------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, the templates and static files (found
# by the binary itself: PREFIX/bin/verrijkt looks in PREFIX/share/verrijkt), the example
# configuration and the systemd unit. The unit runs serve as a dynamic user with its database in
# /var/lib/verrijkt (StateDirectory) and its configuration in /etc/verrijkt/config.ini.
PREFIX  ?= /usr/local
DESTDIR ?=
UNITDIR ?= $(PREFIX)/lib/systemd/system

define VERRIJKT_UNIT
[Unit]
Description=verrijkt: enrolment and registration of the verrijkte schooldag
Documentation=file://$(PREFIX)/share/doc/verrijkt/README.md
After=network.target

[Service]
Type=simple
ExecStart=$(PREFIX)/bin/verrijkt serve --config $${CONFIGURATION_DIRECTORY}/config.ini --db $${STATE_DIRECTORY}/verrijkt.db
DynamicUser=yes
StateDirectory=verrijkt
ConfigurationDirectory=verrijkt
Restart=on-failure
KillSignal=SIGTERM
TimeoutStopSec=30
LimitNOFILE=4096
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
NoNewPrivileges=yes
ProtectKernelTunables=yes
ProtectControlGroups=yes
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX

[Install]
WantedBy=multi-user.target
endef
export VERRIJKT_UNIT

install: $(B)/verrijkt
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/verrijkt \
	    $(DESTDIR)$(PREFIX)/share/doc/verrijkt $(DESTDIR)$(UNITDIR)
	install -m 755 $(B)/verrijkt $(DESTDIR)$(PREFIX)/bin/verrijkt
	rm -rf $(DESTDIR)$(PREFIX)/share/verrijkt/templates $(DESTDIR)$(PREFIX)/share/verrijkt/static
	cp -R templates static $(DESTDIR)$(PREFIX)/share/verrijkt/
	install -m 644 config.example.ini README.md $(DESTDIR)$(PREFIX)/share/doc/verrijkt/
	printf '%s\n' "$$VERRIJKT_UNIT" > $(DESTDIR)$(UNITDIR)/verrijkt.service
	chmod 644 $(DESTDIR)$(UNITDIR)/verrijkt.service

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/verrijkt $(DESTDIR)$(UNITDIR)/verrijkt.service
	rm -rf $(DESTDIR)$(PREFIX)/share/verrijkt $(DESTDIR)$(PREFIX)/share/doc/verrijkt

clean:
	rm -rf build

format:
	clang-format -i $(SRC) $(UNIT_SRC) $(HTTP_SRC)

# --- fuzzing (clang's libFuzzer); FUZZ_SECONDS per harness ------------------------------------
FUZZ_SECONDS ?= 60
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRC))

$(B)/fuzz/%: tests/fuzz/%.c $(filter-out src/main.c,$(SRC)) $(B)/gen/migrations.c
	@mkdir -p $(@D)
	clang $(CSTD) -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) $(filter %.c,$^) \
		$(LDLIBS) -o $@

# The inputs kept in tests/fuzz/regress/<harness>/ (crashes found, and seeds) seed the corpus,
# and make test replays them without libFuzzer (build/tests/test_fuzz_*, tests/fuzz/replay.c).
fuzz: deps
	@tests/tools/apt-ensure clang libclang-rt-14-dev
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do mkdir -p $(B)/fuzz/corpus-$$(basename $$f); \
		echo "== $$f ($(FUZZ_SECONDS) s)"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(B)/fuzz/corpus-$$(basename $$f) \
		tests/fuzz/regress/$$(basename $$f) 2>&1 | tail -3 || exit 1; done

FUZZ_REPLAY     := $(patsubst tests/fuzz/fuzz_%.c,$(B)/tests/test_fuzz_%,$(FUZZ_SRC))
FUZZ_REPLAY_SAN := $(patsubst tests/fuzz/fuzz_%.c,$(B)/asan/tests/test_fuzz_%,$(FUZZ_SRC))

$(B)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(OBJ)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(CPPFLAGS) -DFUZZ_REGRESS_DIR='"tests/fuzz/regress/fuzz_$*"' \
		$(filter %.c,$^) $(OBJ) $(LDLIBS) -lcmocka -o $@

$(B)/asan/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(SAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) \
		-DFUZZ_REGRESS_DIR='"tests/fuzz/regress/fuzz_$*"' $(filter %.c,$^) $(SAN_OBJ) $(LDLIBS) \
		-lcmocka -o $@

# --- benchmarks (figures only, no pass/fail) --------------------------------------------------
bench: deps $(B)/verrijkt
	@tests/tools/apt-ensure wrk bc curl python3 libcmocka-dev libcurl4-openssl-dev
	@$(MAKE) --no-print-directory $(B)/tests/test_http_durable
	@VERRIJKT_BIN=$(B)/verrijkt tests/bench/run.sh
