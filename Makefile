# fsepack — build, run the samples, test.
#
#   make          build build/fsepack
#   make run      build, then produce the packs of every sample into out/ and print
#                 the table of every indicator (fiche, indicateur, valeur, cible, taux)
#   make test     build and run every test; ends with "N passed, N failed"
#   make deps     install the Debian packages (as root) or print the command
#   make bench    measure speed and memory on generated large inputs
#   make install  install bin/fsepack, the man page fsepack(1) and the templates
#                 under $(DESTDIR)$(PREFIX) (PREFIX=/usr/local by default)
#   make uninstall  remove what make install wrote
#
# Every target that builds first checks the Debian packages below and installs
# the missing ones when run as root (apt-get), otherwise prints the command.

CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Wno-unused-parameter \
           -Igenerator
PKGS    := xlsxwriter libzip expat nettle jansson inih libqpdf
LDLIBS  := -lhpdf -lcsv $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lxlsxwriter -lzip -lexpat -lnettle -ljansson -linih -lqpdf) -lm

DEB_PKGS := build-essential pkg-config libhpdf-dev libxlsxwriter-dev libcsv-dev libcmocka-dev \
            libinih-dev libzip-dev libexpat1-dev zlib1g-dev nettle-dev libjansson-dev libqpdf-dev \
            fonts-liberation2 qpdf poppler-utils python3-openpyxl groff-base man-db

SRC      := $(shell find generator -name '*.c' | LC_ALL=C sort)
OBJ      := $(SRC:%.c=build/obj/%.o)
LIB_OBJ  := $(filter-out build/obj/generator/main.o,$(OBJ))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/tests/%)

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  := $(DESTDIR)$(PREFIX)/bin
MAN1DIR := $(DESTDIR)$(PREFIX)/share/man/man1
# the installed binary finds its templates at <bindir>/../share/fsepack/templates
TPLDIR  := $(DESTDIR)$(PREFIX)/share/fsepack/templates

.PHONY: all deps run test bench clean install uninstall
all: deps build/fsepack

deps:
	@sh tests/tools/deps.sh $(DEB_PKGS)

build/fsepack: $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

build/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJ) $(LDLIBS) -lcmocka

run: all
	@set -e; for job in samples/*/job.ini; do \
	  echo "== $$job"; build/fsepack run "$$job" --out out; \
	done; echo; echo "packs written under out/:"; python3 tests/tools/summary.py out

build/tests/xlsx_dump: tests/tools/xlsx_dump.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS)

test: all $(UNIT_BIN) build/tests/xlsx_dump
	@sh tests/tools/run-tests.sh $(UNIT_BIN)

bench: all
	@sh tests/tools/bench.sh

install: all
	install -d $(BINDIR) $(MAN1DIR) $(TPLDIR)/fiches $(TPLDIR)/pieces
	install -m 755 build/fsepack $(BINDIR)/fsepack
	install -m 644 doc/fsepack.1 $(MAN1DIR)/fsepack.1
	install -m 644 templates/colonnes.ini templates/listes.ini $(TPLDIR)/
	install -m 644 templates/fiches/*.ini $(TPLDIR)/fiches/
	install -m 644 templates/pieces/*.ini $(TPLDIR)/pieces/

uninstall:
	rm -f $(BINDIR)/fsepack $(MAN1DIR)/fsepack.1
	rm -rf $(DESTDIR)$(PREFIX)/share/fsepack

clean:
	rm -rf build out

-include $(OBJ:.o=.d)
