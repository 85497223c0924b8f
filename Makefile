# sfdbg — build, test, bench. `make help` lists the targets.
#
# Layout: engine/ (the interpreter library, no terminal), ui/ (ncurses front end),
# src/ (the program). Every .c under those folders is built; tests/unit/test_*.c each
# become one TAP program under build/tests/.

CC       ?= cc
PKGS_ENGINE := openssl libpcre2-8
PKGS_PROG   := $(PKGS_ENGINE) ncursesw libcurl libmicrohttpd
PKG_CFLAGS  := $(shell pkg-config --cflags $(PKGS_ENGINE) libcurl 2>/dev/null)
CURSES_CFLAGS := $(shell pkg-config --cflags ncursesw 2>/dev/null)
LIBS_ENGINE := $(shell pkg-config --libs $(PKGS_ENGINE) 2>/dev/null) -lm
LIBS_PROG   := $(shell pkg-config --libs $(PKGS_PROG) 2>/dev/null) -lm -lpthread

WARN     := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith \
            -Wno-unused-parameter
OPT      ?= -O2 -g
CFLAGS   ?=
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iengine -I.
ALL_CFLAGS = -std=c11 $(WARN) $(OPT) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(if $(WERROR),-Werror)
LDFLAGS  ?=

BUILD    ?= build
# the program: ./sfdbg for the default build; any other build folder (a sanitizer's, the CI's
# clang check) keeps its own there, so that it never replaces the one in the checkout
PROG     ?= $(if $(filter build,$(BUILD)),sfdbg,$(BUILD)/sfdbg)
ENGINE_SRC := $(sort $(wildcard engine/*.c engine/*/*.c))
UI_SRC     := $(sort $(wildcard ui/*.c))
PROG_SRC   := $(sort $(wildcard src/*.c))
ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o)
UI_OBJ     := $(UI_SRC:%.c=$(BUILD)/%.o)
PROG_OBJ   := $(PROG_SRC:%.c=$(BUILD)/%.o)
ENGINE_LIB := $(BUILD)/libsfdbg-engine.a
UI_LIB     := $(BUILD)/libsfdbg-ui.a
# the program's task runners (processes) and the --s3-dir store, which the test tools drive too
HOST_SRC   := src/handlers.c src/procjob.c src/taskwait.c src/s3dir.c src/fileio.c \
              src/urlencode.c src/connections.c src/http_invoke.c \
              src/lambda_shape.c
# the recorded histories `sfdbg replay` reads, which the unit tests read too
HOST_SRC   += src/history.c src/history_pages.c src/replay_answers.c src/replay_diff.c \
              src/replay_debug.c
# the --listen queue between the HTTP threads and the debugger (its unit test)
HOST_SRC   += src/listen_queue.c
# the masked request records the debugger lists (their unit test)
HOST_SRC   += src/http_record.c
# S3's XML answers read as task results (their unit tests; the fuzz target)
HOST_SRC   += src/xmldoc.c src/s3_answer.c
# the permissions table `sfdbg policy` reads (its unit test)
HOST_SRC   += src/iam_rules.c
HOST_LIB   := $(BUILD)/libsfdbg-host.a

# the TAP producer, and the conformance runners' expected-failure list and per-case child
TEST_SUPPORT := $(BUILD)/tests/tap.o $(BUILD)/tests/runner/xfail.o $(BUILD)/tests/runner/isolate.o
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%.t)
TOOL_SRC   := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN   := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/%)
FUZZ_SRC   := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN   := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/%)
BENCH_BIN  := $(filter $(BUILD)/tests/bench_%,$(TOOL_BIN))
SCRIPT_TESTS := $(sort $(wildcard tests/cli/*.t tests/tui/*.t))

.PHONY: all run tests-build test check-asan bench fuzz fresh-check clean help setup valgrind format

all: $(PROG)

help:
	@echo "make            build ./sfdbg"
	@echo "make run        set up missing packages, build, open the debugger on the bundled example"
	@echo "make test       build and run every test suite (TAP, prove summary)"
	@echo "make check-asan run the suites under AddressSanitizer + UBSan"
	@echo "make valgrind   run the unit and conformance suites under valgrind"
	@echo "make bench      print engine performance figures"
	@echo "make fuzz       build and run each libFuzzer target for FUZZ_SECONDS (20; clang)"
	@echo "make fresh-check  the README's two commands in a new Debian 12 root (root, debootstrap)"

setup:
	@scripts/setup.sh

# Sets up, builds, and opens the debugger on the bundled tour (fixtures/debugger-tour): a
# Choice, a Retry, a Catch, a ResultSelector + ResultPath, and an approval that waits for
# its task token (press x to answer it). Without a terminal (a pipe, CI) the tour runs
# headless instead, with the approval answered by its mock.
TOUR := fixtures/debugger-tour
TOUR_ARGS := $(TOUR)/debugger-tour.asl.json --input file://$(TOUR)/input.json \
             --mock-config $(TOUR)/mocks.json
run: setup
	@$(MAKE) --no-print-directory sfdbg
	@if [ -t 0 ] && [ -t 1 ]; then \
	    echo ./sfdbg $(TOUR_ARGS) --test-case Tour; ./sfdbg $(TOUR_ARGS) --test-case Tour; \
	else \
	    echo "(not a terminal: the tour runs headless; its approval is answered by a mock)"; \
	    ./sfdbg run $(TOUR_ARGS) --test-case Headless; \
	fi

PROG_LIBS := $(if $(UI_SRC),$(UI_LIB)) $(ENGINE_LIB)

ifneq ($(PROG),sfdbg)
sfdbg: $(PROG)
endif

$(PROG): $(PROG_OBJ) $(PROG_LIBS)
	$(CC) $(LDFLAGS) -o $@ $(PROG_OBJ) $(PROG_LIBS) $(LIBS_PROG)

$(ENGINE_LIB): $(ENGINE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(UI_LIB): $(UI_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(HOST_LIB): $(HOST_SRC:%.c=$(BUILD)/%.o)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# only the front end sees curses (and the feature macros its wide-char API wants)
$(BUILD)/ui/%.o: ALL_CFLAGS += $(CURSES_CFLAGS)

$(BUILD)/tests/tap.o: tests/tap.c tests/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -c -o $@ $<

$(BUILD)/tests/runner/%.o: tests/runner/%.c tests/runner/%.h tests/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -c -o $@ $<

$(BUILD)/tests/%.t: tests/unit/%.c $(TEST_SUPPORT) $(HOST_LIB) $(ENGINE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -o $@ $< $(TEST_SUPPORT) $(HOST_LIB) $(ENGINE_LIB) $(LIBS_ENGINE)

$(BUILD)/tests/%: tests/tools/%.c $(TEST_SUPPORT) $(HOST_LIB) $(ENGINE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -o $@ $< $(TEST_SUPPORT) $(HOST_LIB) $(ENGINE_LIB) $(LIBS_ENGINE)

# the conformance runner answers the corpus's Lambda functions too (tests/runner/corpus_lambdas.h)
$(BUILD)/tests/asl_conformance: tests/tools/asl_conformance.c $(TEST_SUPPORT) \
		$(BUILD)/tests/runner/corpus_lambdas.o $(HOST_LIB) $(ENGINE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -o $@ $< $(TEST_SUPPORT) \
		$(BUILD)/tests/runner/corpus_lambdas.o $(HOST_LIB) $(ENGINE_LIB) $(LIBS_ENGINE)

# the server's unit test links its modules (no HTTP server: sfn_api_handle is called directly)
SERVE_SRC := src/sfn_api.c src/serve_exec.c src/serve_machine.c src/serve_view.c \
             src/serve_activity.c \
             src/serve_teststate.c src/serve_teststate_req.c \
             src/serve_teststate_fanout.c src/serve_teststate_reader.c \
             src/serve_validate.c src/serve_redrive.c \
             src/serve_mock_check.c src/result_shapes_data.c \
             src/wfload.c src/diagprint.c
SERVE_TESTS := $(BUILD)/tests/test_serve.t $(BUILD)/tests/test_serve_ops.t \
               $(BUILD)/tests/test_serve_activity.t
$(SERVE_TESTS): $(BUILD)/tests/%.t: tests/unit/%.c $(TEST_SUPPORT) $(SERVE_SRC:%.c=$(BUILD)/%.o) \
                             $(HOST_LIB) $(ENGINE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -o $@ $< $(TEST_SUPPORT) $(SERVE_SRC:%.c=$(BUILD)/%.o) \
	    $(HOST_LIB) $(ENGINE_LIB) $(LIBS_ENGINE) -lpthread

# the front end's tests and benchmark also link the UI library (and curses)
$(BUILD)/tests/test_ui_%.t: tests/unit/test_ui_%.c $(TEST_SUPPORT) $(UI_LIB) $(ENGINE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CURSES_CFLAGS) -Itests -MMD -MP -o $@ $< $(TEST_SUPPORT) $(LDFLAGS) \
	    $(UI_LIB) $(ENGINE_LIB) $(LIBS_PROG)

$(BUILD)/tests/bench_tui: tests/tools/bench_tui.c $(TEST_SUPPORT) $(UI_LIB) $(ENGINE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CURSES_CFLAGS) -Itests -MMD -MP -o $@ $< $(TEST_SUPPORT) $(LDFLAGS) \
	    $(UI_LIB) $(ENGINE_LIB) $(LIBS_PROG)

# fuzz targets built as plain programs that replay saved findings (tests/fuzz/driver.c)
$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c $(TEST_SUPPORT) $(ENGINE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< tests/fuzz/driver.c $(TEST_SUPPORT) $(ENGINE_LIB) $(LIBS_ENGINE)

tests-build: $(PROG) $(UNIT_BIN) $(TOOL_BIN) $(FUZZ_BIN)

# what the suites run with: the program and build under test, and their own locale (not the
# caller's: C.UTF-8 is built into Debian's libc), so results do not depend on who runs them
SUITE_ENV = LC_ALL=C.UTF-8 LANG= LANGUAGE= SFDBG=$(CURDIR)/$(PROG) BUILD=$(CURDIR)/$(BUILD) \
    SFDBG_SANITIZER=$(SANITIZER)
SUITES = $(UNIT_BIN) $(SCRIPT_TESTS) $(wildcard tests/conformance/*.t)

test: tests-build
	@$(SUITE_ENV) prove --exec '' $(PROVE_FLAGS) $(SUITES)

check-asan:
	$(MAKE) BUILD=build-asan PROG=build-asan/sfdbg CC=clang SANITIZER=address,undefined \
	    OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" test

valgrind: tests-build
	@$(SUITE_ENV) prove --exec 'scripts/valgrind-run' $(SUITES)

bench: $(PROG) $(TOOL_BIN)
	@for b in $(BENCH_BIN); do echo "== $$b"; $$b || exit 1; done
	@echo "== scripts/bench-map-distributed.sh (sfdbg run, 1,000,000-line JSONL)"; scripts/bench-map-distributed.sh
	@echo "== scripts/bench-map-iteration.sh (instructions, callgrind)"; scripts/bench-map-iteration.sh
	@echo "== scripts/tui-latency.py (key to screen in tmux)"; scripts/tui-latency.py

fuzz:
	@scripts/fuzz.sh

fresh-check:
	@scripts/fresh-check.sh

clean:
	rm -rf build build-asan build-fuzz sfdbg

-include $(ENGINE_OBJ:.o=.d) $(PROG_OBJ:.o=.d) $(UI_OBJ:.o=.d) $(UNIT_BIN:.t=.d)
