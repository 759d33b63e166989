# Multiprocessing in C — the one entry point. `make help` lists the targets.
#
# Programs are found by wildcard: chapters/NN-topic/name.c is built as
# build/chapters/NN-topic/name, linked with build/common/libcommon.a.
# Each chapter's chapter.mk lists its programs in reading order.

CC     ?= cc
SAN    ?=
WERROR ?=
NATIVE ?=
QUICK  ?=
V      ?=
comma  := ,

# -gdwarf-4: valgrind 3.19 cannot read the DWARF 5 that clang 14 writes.
CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -gdwarf-4 -pthread \
          -Wall -Wextra -Wpedantic -Wmissing-prototypes -MMD -MP -Icommon
LDFLAGS = -pthread
LDLIBS  = -lm
ifeq ($(WERROR),1)
CFLAGS += -Werror
endif
# NATIVE=1: use every instruction of this CPU (its widest vector units), and
# -O3, without which gcc 12 vectorizes only loops whose trip count it knows.
# The programs may then not run on another machine. Chapter 07 measures it.
ifeq ($(NATIVE),1)
CFLAGS += -O3 -march=native
endif

# Sanitizer builds live in their own tree so they never mix with a normal one.
ifeq ($(SAN),)
BUILD := build
else
BUILD := build-san-$(subst $(comma),-,$(SAN))
CFLAGS  += -fsanitize=$(SAN) -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SAN)
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

# ---- what there is ---------------------------------------------------------
include $(wildcard chapters/*/chapter.mk)

CHAPTERS     := $(sort $(patsubst chapters/%/,%,$(dir $(wildcard chapters/*/*.c))))
CHAPTER_SRCS := $(sort $(wildcard chapters/*/*.c))
CHAPTER_BINS := $(patsubst %.c,$(BUILD)/%,$(CHAPTER_SRCS))
COMMON_OBJS  := $(patsubst %.c,$(BUILD)/%.o,$(wildcard common/*.c))
LIBCOMMON    := $(BUILD)/common/libcommon.a
TEST_SRCS    := $(wildcard tests/helpers/*.c tests/bench/*.c)
TEST_BINS    := $(patsubst %.c,$(BUILD)/%,$(TEST_SRCS))
EXERCISES    := $(sort $(notdir $(wildcard exercises/[0-9][0-9]-*)))
EXERCISE_BINS := $(foreach e,$(EXERCISES),$(BUILD)/exercises/$(e)/program $(BUILD)/solutions/$(e)/program)

# chapter_dir(NN) -> chapters/NN-topic; programs(NN) -> its programs in order;
# nn(NN-topic) -> NN
chapter_dir = $(firstword $(wildcard chapters/$(1)-*))
programs    = $(ch$(1)_programs)
nn          = $(firstword $(subst -, ,$(1)))

.PHONY: all test tour run check check-solution progress bench compare memcheck lint clean help
.DEFAULT_GOAL := all
.SECONDARY:          # keep object files: they are what an incremental build reuses

all: $(CHAPTER_BINS) $(TEST_BINS) $(EXERCISE_BINS)

# ---- compiling -------------------------------------------------------------
# Everything is rebuilt when the compiler or the flags change (CC=clang after
# a gcc build, say): objects depend on a file that holds them.
FLAGS_FILE := $(BUILD)/.flags
build_flags = $(CC) $(CFLAGS) $(LDFLAGS) $(LDLIBS)
$(shell mkdir -p $(BUILD) && echo '$(build_flags)' | cmp -s - $(FLAGS_FILE) || \
        echo '$(build_flags)' >$(FLAGS_FILE))

$(BUILD)/%.o: %.c $(FLAGS_FILE)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(LIBCOMMON): $(COMMON_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/chapters/%: $(BUILD)/chapters/%.o $(LIBCOMMON)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIBCOMMON) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIBCOMMON)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIBCOMMON) $(LDLIBS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# make ch01, make ch02, ...: one chapter's programs.
define chapter_target
.PHONY: ch$(1)
ch$(1): $(patsubst %.c,$(BUILD)/%,$(wildcard $(call chapter_dir,$(1))/*.c))
endef
$(foreach c,$(CHAPTERS),$(eval $(call chapter_target,$(call nn,$(c)))))

# ---- exercises ---------------------------------------------------------------
# make check EX=name links exercises/name/*.c into $(BUILD)/exercises/name/program.
# check-solution links the same objects with solutions/name/*.c in place of the
# files of the same name (the student's task.c), into $(BUILD)/solutions/name/.
# Both then run tests/exercises/name.sh on the program.
ex_objects  = $(patsubst %.c,$(BUILD)/%.o,$(wildcard exercises/$(1)/*.c))
sol_objects = $(foreach o,$(call ex_objects,$(1)),$(if $(wildcard solutions/$(1)/$(basename $(notdir $(o))).c),$(BUILD)/solutions/$(1)/$(notdir $(o)),$(o)))

define exercise_rules
$(BUILD)/exercises/$(1)/program: $(call ex_objects,$(1)) $(LIBCOMMON)
$(BUILD)/solutions/$(1)/program: $(call sol_objects,$(1)) $(LIBCOMMON)
$(BUILD)/solutions/$(1)/%.o: CFLAGS += -Iexercises/$(1)
endef
$(foreach e,$(EXERCISES),$(eval $(call exercise_rules,$(e))))

# Two rules, not one with two targets: that would mean "one run makes both".
link_program = $(if $(Q),@echo "  LINK    $@";) $(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIBCOMMON) $(LDLIBS)
$(BUILD)/exercises/%/program:
	$(Q)$(link_program)
$(BUILD)/solutions/%/program:
	$(Q)$(link_program)

need_ex = $(if $(filter $(EX),$(EXERCISES)),,$(error EX must be one of: $(EXERCISES)))

# EXDIR=path: check a copy of exercises/ kept elsewhere (a student's, say):
# its NN-name/ folders give the student's files (those solutions/ swaps,
# task.c), and the driver and headers always come from exercises/, so an
# edited main.c cannot change what the check sees. Built afresh each time.
EXDIR ?= exercises
ifeq ($(EXDIR),exercises)
checked = $(BUILD)/exercises/$(EX)/program
else
checked = $(BUILD)/checked/$(EX)/program
endif

.PHONY: FORCE
# The chosen files are copied into one folder first: compiled where they
# lie, the student's task.c would include a task.h beside it, not ours.
$(BUILD)/checked/%/program: FORCE $(LIBCOMMON)
	$(Q)[ -d "$(EXDIR)/$*" ] || { echo "make check: no folder $(EXDIR)/$*" >&2; exit 1; }; \
	rm -rf $(@D) && mkdir -p $(@D) && cp exercises/$*/*.c exercises/$*/*.h $(@D)/ || exit 1; \
	for f in solutions/$*/*.c; do \
	  mine=$(EXDIR)/$*/$${f##*/}; \
	  if [ -f "$$mine" ]; then cp "$$mine" $(@D)/; else echo "make check: no $$mine, so the starter's" >&2; fi; \
	done; \
	$(CC) $(filter-out -MMD -MP,$(CFLAGS)) $(LDFLAGS) -o $@ $(@D)/*.c $(LIBCOMMON) $(LDLIBS)

# A check runs the program under tests/helpers/reaper: build that too.
check:
	$(need_ex)
	@$(MAKE) -s --no-print-directory $(checked) $(TEST_BINS)
	@sh tests/exercises/$(EX).sh $(checked)

check-solution:
	$(need_ex)
	@$(MAKE) -s --no-print-directory $(BUILD)/solutions/$(EX)/program $(TEST_BINS)
	@sh tests/exercises/$(EX).sh $(BUILD)/solutions/$(EX)/program

# Every exercise's check, whatever the others say: a line each (for one not
# yet done, the first thing its check found wrong), then a count.
progress:
	@mkdir -p $(BUILD); done=0; for ex in $(EXERCISES); do \
	  if $(MAKE) -s --no-print-directory check EX=$$ex EXDIR=$(EXDIR) >$(BUILD)/progress.txt 2>&1; then \
	    printf 'done      %s\n' $$ex; done=$$((done + 1)); \
	  else \
	    why=$$(grep -m1 -e '^FAIL' -e 'error:' $(BUILD)/progress.txt | sed 's/^FAIL //; s/ (run: .*//' | cut -c1-160); \
	    printf 'not yet   %-22s %s\n' $$ex "$${why:-$$(head -n 1 $(BUILD)/progress.txt)}"; \
	  fi; \
	done; rm -f $(BUILD)/progress.txt; echo "$$done of $(words $(EXERCISES)) exercises done"

# ---- running -----------------------------------------------------------------
# Every program as chapters/NN-topic/name, chapters in order, each chapter's
# programs in its reading order (chapter.mk). Before each program the tour
# prints the "Look for:" line of its header comment.
reading_order = $(foreach c,$(CHAPTERS),$(addprefix chapters/$(c)/,$(call programs,$(call nn,$(c)))))

define run_programs
	@for src in $(1); do \
	  dir=$${src%/*}; \
	  [ "$$dir" = "$$last" ] || { echo; echo "######## $$dir"; last=$$dir; }; \
	  echo; echo "==== $${src##*/} -- $$(sed -n 's/^ \* Look for: //p' $$src.c)"; \
	  $(BUILD)/$$src || exit 1; \
	done
endef

tour: all
	$(call run_programs,$(reading_order))
	@echo; echo "Tour done. Next: read chapters/*/README.md beside the code, then exercises/."

run: all
	$(if $(filter chapters/$(CH)-%,$(reading_order)),,$(error say which chapter: make run CH=01; chapters: $(foreach c,$(CHAPTERS),$(call nn,$(c)))))
	$(call run_programs,$(filter chapters/$(CH)-%,$(reading_order)))

test: all
	@BUILD=$(BUILD) MAKE="$(MAKE)" sh tests/run

# The tests' quick runs again, every program under valgrind's memcheck.
memcheck: all
	@BUILD=$(BUILD) MEMCHECK=1 TIMEOUT=300 sh tests/run

# make bench QUICK=1: small sizes, under a minute. Timings mean little in
# a sanitizer or valgrind build: bench a plain one.
bench: all
	@BUILD=$(BUILD) QUICK=$(QUICK) sh tests/bench/run

# Optional: the tutorials' main examples in small Python scripts of ours,
# timed beside the C programs (needs python3; make test never runs it).
compare: all
	@BUILD=$(BUILD) sh tests/bench/compare/run

# Static analysis, as CI runs it. clang-tidy's checks, and why some are off:
#   cert-err33-c      wants (void) before every printf: noise in teaching code
#   ...insecureAPI... wants C11 Annex K functions (snprintf_s), which glibc lacks
#   valist.Uninitialized  false alarms on a va_list handed to a function (clang 14)
#   easily-swappable-parameters, misc-unused-parameters: style, not bugs
#   reserved-identifier, cert-dcl37-c, cert-dcl51-cpp: object to _GNU_SOURCE,
#                     a name reserved precisely for feature-test macros
TIDY_CHECKS = -*,clang-analyzer-*,bugprone-*,cert-*,misc-*,-cert-err33-c,\
  -bugprone-reserved-identifier,-cert-dcl37-c,-cert-dcl51-cpp,\
  -clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling,\
  -clang-analyzer-valist.Uninitialized,-bugprone-easily-swappable-parameters,\
  -misc-unused-parameters
# tests/cppcheck.cfg tells cppcheck that die() and its kin never return.
LINT_SRCS = $(CHAPTER_SRCS) $(wildcard common/*.c tests/helpers/*.c tests/bench/*.c exercises/*/*.c solutions/*/*.c)
lint:
	cppcheck -q --std=c11 --enable=warning,performance,portability --error-exitcode=1 \
	  --inline-suppr --suppress=missingIncludeSystem -Icommon -D__linux__ \
	  --library=tests/cppcheck.cfg $(LINT_SRCS)
	@mkdir -p $(BUILD); failed=0; for f in $(LINT_SRCS); do \
	  clang-tidy --quiet --warnings-as-errors='*' -checks='$(TIDY_CHECKS)' $$f -- \
	    -std=c11 -D_POSIX_C_SOURCE=200809L -pthread -Icommon \
	    -Iexercises/$$(basename $$(dirname $$f)) >$(BUILD)/tidy.txt 2>&1 || \
	  { grep -v 'warnings generated' $(BUILD)/tidy.txt; failed=1; }; \
	done; [ $$failed -eq 0 ] && echo "lint: cppcheck and clang-tidy found nothing"

clean:
	rm -rf build build-san-*

help:
	@echo "make                    build every program into build/"
	@echo "make tour               build, then run every chapter's programs in order"
	@echo "make test               build, then run all tests (last line: N passed, N failed)"
	@echo "make run CH=01          run one chapter's programs in order"
	@echo "make ch01               build one chapter"
	@echo "make build/chapters/01-threads-vs-processes/cpu_bound   build one program"
	@echo "make check EX=name      check your work on exercises/name"
	@echo "make check-solution EX=name   the same check on solutions/name"
	@echo "make check EX=name EXDIR=path   check the copy of exercises/ at path"
	@echo "make progress [EXDIR=path]      every exercise's check, a line each"
	@echo "make bench              every chapter's figures and plots: build/bench/report.md"
	@echo "make bench QUICK=1      the same at small sizes, in under a minute"
	@echo "make compare            C beside small Python scripts (optional, needs python3)"
	@echo "make memcheck           the tests' quick runs under valgrind (errors, leaks, fds)"
	@echo "make lint               cppcheck and clang-tidy, as CI runs them"
	@echo "make clean              remove build/ and the sanitizer builds"
	@echo "options: CC=clang  WERROR=1  NATIVE=1  SAN=address,undefined  SAN=thread  V=1"
	@echo "exercises: $(EXERCISES)"
