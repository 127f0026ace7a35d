# fsepack — build, run the samples, test.
#
#   make          build build/fsepack
#   make run      build, then produce the packs of every sample into out/ and print
#                 the table of every indicator (fiche, indicateur, valeur, cible, taux)
#   make test     build and run every test; ends with "N passed, N failed"
#   make deps     install the Debian packages (as root) or print the command
#   make bench    measure speed and memory on generated large inputs
#   make test-sanitize  the unit tests and the e2e suites against a build with
#                 -fsanitize=address,undefined (build/asan/); make test runs it
#   make fuzz FUZZ_SECONDS=N  build the libFuzzer harnesses of tests/fuzz/
#                 with clang (build/fuzz/) and run each for N seconds
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
LDLIBS  := -lhpdf -ldeflate -lcsv $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lxlsxwriter -lzip -lexpat -lnettle -ljansson -linih -lqpdf) -lisal -lminizip -lm

DEB_PKGS := build-essential pkg-config libhpdf-dev libdeflate-dev libxlsxwriter-dev libcsv-dev libcmocka-dev \
            libinih-dev libzip-dev libexpat1-dev zlib1g-dev nettle-dev libjansson-dev libqpdf-dev libisal-dev libminizip-dev \
            fonts-liberation2 qpdf poppler-utils python3-openpyxl groff-base man-db valgrind
# Only for make fuzz (heavy, so not installed by make / make test).
FUZZ_PKGS := clang libclang-rt-14-dev

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

.PHONY: all deps run test test-sanitize fuzz fuzz-build bench clean install uninstall
all: deps build/fsepack

deps:
	@sh tests/tools/deps.sh $(DEB_PKGS)

# the executable's functions that replace a library's must be in its dynamic
# symbol table: HPDF_TTFontDef_GetGlyphid, HPDF_MemCpy, HPDF_MemSet and
# HPDF_Stream_WriteToStreamWithDeflate, libharu's (a memo:
# generator/pieces/pdf_glyphs.c; libc's memcpy and memset: pdf_memops.c;
# libdeflate: pdf_zstreams.c); the three zip entry functions, libminizip's
# as libxlsxwriter calls them (ISA-L deflate: generator/pieces/xlsx_deflate.c);
# some of libxlsxwriter's own, faster with the same results (cell names, text
# length, XML attributes: xlsx_lxw_util.c; shared strings: xlsx_sst.c;
# larger buffers for its temporary files: xlsx_tmpfile.c); glibc's
# __fprintf_chk, which libxlsxwriter prints its XML with (xlsx_fprintf.c)
EXPORTS := $(foreach s,HPDF_TTFontDef_GetGlyphid HPDF_MemCpy HPDF_MemSet HPDF_Stream_WriteToStreamWithDeflate \
             zipOpenNewFileInZip4_64 zipWriteInFileInZip \
             zipCloseFileInZip lxw_rowcol_to_cell lxw_utf8_strlen lxw_new_attribute_str \
             lxw_new_attribute_int lxw_get_sst_index lxw_sst_free lxw_tmpfile \
             __fprintf_chk,-Wl,--export-dynamic-symbol=$(s))

build/fsepack: $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(EXPORTS) -o $@ $^ $(LDLIBS)

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

build/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJ) $(LDLIBS) -lcmocka

run: all
	@set -e; for job in samples/*/job.ini; do \
	  echo "== $$job"; build/fsepack run "$$job" --out out; \
	done; echo; echo "packs écrits dans out/ :"; python3 tests/tools/summary.py out

build/tests/xlsx_dump: tests/tools/xlsx_dump.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS)

# The sanitized build: same sources, gcc's libasan/libubsan, any error fatal.
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ASAN_OBJ   := $(SRC:%.c=build/asan/obj/%.o)
ASAN_LIB   := $(filter-out build/asan/obj/generator/main.o,$(ASAN_OBJ))
ASAN_UNIT  := $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)

build/asan/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ASAN_FLAGS) -MMD -MP -c -o $@ $<

# It finds its templates as <exe folder>/../templates, here build/templates:
# a link to the repository's.
build/asan/fsepack: $(ASAN_OBJ)
	$(CC) $(CFLAGS) $(ASAN_FLAGS) -o $@ $^ $(LDLIBS)
	@ln -sfn ../templates build/templates

build/asan/tests/%: tests/unit/%.c $(ASAN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ASAN_FLAGS) -Itests/unit -o $@ $< $(ASAN_LIB) $(LDLIBS) -lcmocka

SANITIZE_BUILD := build/asan/fsepack $(ASAN_UNIT)

test: all $(UNIT_BIN) build/tests/xlsx_dump $(SANITIZE_BUILD)
	@ASAN_UNITS="$(ASAN_UNIT)" sh tests/tools/run-tests.sh $(UNIT_BIN)

test-sanitize: all $(SANITIZE_BUILD)
	@ASAN_UNITS="$(ASAN_UNIT)" SANITIZE_ONLY=1 sh tests/tools/run-tests.sh

# libFuzzer harnesses (tests/fuzz/fuzz_*.c), one binary each in build/fuzz/.
FUZZ_CC      := clang
FUZZ_FLAGS   := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_SECONDS ?= 60
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN     := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_OBJ     := $(filter-out build/fuzz/obj/generator/main.o,$(SRC:%.c=build/fuzz/obj/%.o))

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(LDLIBS)

.SECONDARY: $(FUZZ_OBJ) $(ASAN_OBJ)

fuzz-build:
	@sh tests/tools/deps.sh $(DEB_PKGS) $(FUZZ_PKGS)
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

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

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d)
