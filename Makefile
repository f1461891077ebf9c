# kobako — build a container runtime, one chapter at a time.
#
#   make               every chapter: ./ch01 ./ch02 ...
#   make chapter-02    just ./ch02
#   make help          everything else
#
# How chapters share code: chapter NN is its own main.c linked with every
# other .c file of chapters 01..NN and of common/. A module is written once,
# in the chapter that introduces it, and later chapters link it.

CC      ?= cc
# Yours to change (make CFLAGS=-O0, LDFLAGS=...): what the build needs comes
# on top, in KOBAKO_CFLAGS, so no value of these can drop it.
CFLAGS  ?= -O2 -g
LDFLAGS ?=
KOBAKO_CFLAGS := -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -I.
# Linked statically (static-pie keeps address randomisation) where the C
# library allows it: the runtime then starts without loading libc, which
# docs/benchmark.md shows is a good part of its start-up time. STATIC= links
# dynamically. Asked of the compiler once, and only when something is linked.
STATIC  ?= $(eval STATIC := $$(shell printf 'int main(void){return 0;}' | \
	     $$(CC) -x c -static-pie -o /dev/null - 2>/dev/null && echo -static-pie))$(STATIC)
BUILD   ?= build
BINDIR  ?= .

# V=1 shows the commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
endif

CHAPTER_DIRS := $(sort $(wildcard chapters/[0-9][0-9]-*))
CHAPTERS     := $(foreach d,$(CHAPTER_DIRS),$(firstword $(subst -, ,$(notdir $(d)))))
COMMON_SRCS  := $(wildcard common/*.c)

# srcs_of(NN): main.c of chapter NN, the modules of chapters 01..NN, common/
dir_of      = $(filter chapters/$(1)-%,$(CHAPTER_DIRS))
modules_of  = $(filter-out %/main.c,$(wildcard $(call dir_of,$(1))/*.c))
srcs_of     = $(call dir_of,$(1))/main.c $(foreach c,$(call upto,$(1)),$(call modules_of,$(c))) $(COMMON_SRCS)
# upto(NN): chapters 01..NN, which are numbered without gaps.
upto        = $(wordlist 1,$(patsubst 0%,%,$(1)),$(CHAPTERS))
objs_of     = $(patsubst %.c,$(BUILD)/%.o,$(call srcs_of,$(1)))

BINARIES := $(addprefix $(BINDIR)/ch,$(CHAPTERS))
NEWEST   := $(lastword $(CHAPTERS))

.PHONY: all help clean clean-host rootfs demo test test-vm bench deps test-deps vm-deps bench-deps sanitize \
        $(addprefix chapter-,$(CHAPTERS)) $(addprefix test-chapter-,$(CHAPTERS)) $(addprefix lab-,$(CHAPTERS))

all: $(BINARIES)

define chapter_rules
chapter-$(1): $(BINDIR)/ch$(1)
$(BINDIR)/ch$(1): $(call objs_of,$(1))
	$$(call say,LINK,$$@)
	$(Q)$$(CC) $$(KOBAKO_CFLAGS) $$(CFLAGS) $$(STATIC) $$(LDFLAGS) -o $$@ $$^
# CH=./my-chNN tests a build of your own instead (run.sh says in one line
# if it is not there). A build that fails runs no test, and says so last.
test-chapter-$(1): test-deps rootfs
	$(Q)$$(if $$(CH),,$$(MAKE) --no-print-directory $$(if $$(V),,-s) $(BINDIR)/ch$(1) || \
		{ echo 'test-chapter-$(1): $(BINDIR)/ch$(1) does not build: fix the first error above' >&2; exit 1; })
	$(Q)tests/run.sh chapter $(1) $$(or $$(CH),$(BINDIR)/ch$(1))
# A copy of the tree to hand out, with chapter NN's key code taken out.
lab-$(1):
	$(Q)scripts/mklab.sh $(1) $$(or $$(LAB),../kobako-lab-$(1))
endef
$(foreach c,$(CHAPTERS),$(eval $(call chapter_rules,$(c))))

# The check of exercise M of chapter NN's page: check-exercise-NN-M builds
# ./chNN and runs tests/exercises/NN-M.bats against it; CH=./my-chNN checks
# that binary instead.
check-exercise-%: test-deps rootfs
	$(Q)$(if $(CH),true,$(MAKE) --no-print-directory chapter-$(firstword $(subst -, ,$*)))
	$(Q)tests/run.sh exercise $* $(or $(CH),$(BINDIR)/ch$(firstword $(subst -, ,$*)))

$(BUILD)/%.o: %.c
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(KOBAKO_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# The system calls this machine's kernel headers know, name and number: a
# seccomp profile names its calls, the filter compares numbers. Each
# __NR_name the compiler's <sys/syscall.h> defines becomes a row
# { "name", __NR_name } (so the number is the header's own), sorted by name
# for a binary search. Written by the build, never by hand (make clean
# after new kernel headers): a name they do not know is a call this kernel
# cannot have, and a profile's rule for it is skipped.
$(BUILD)/gen/syscalls.h: Makefile
	$(call say,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)echo '#include <sys/syscall.h>' | $(CC) -dM -E -x c - | \
		sed -n 's/^#define __NR_\([a-z0-9_]*\) .*/{ "\1", __NR_\1 },/p' | \
		LC_ALL=C sort >$@.tmp && mv $@.tmp $@
# The one object that includes it: the header comes first, on a clean build
# and with -j as well (the .d file knows it only after a first build).
$(BUILD)/chapters/08-oci/seccomp_oci.o: $(BUILD)/gen/syscalls.h
$(BUILD)/chapters/08-oci/seccomp_oci.o: KOBAKO_CFLAGS += -I$(BUILD)

# tests/08-seccomp.bats's driver: compiles a seccomp profile, lists it or
# runs a command under it.
SECCOMP_TEST_OBJS := $(patsubst %.c,$(BUILD)/%.o,tests/json/seccomp-test.c \
	chapters/08-oci/seccomp_oci.c chapters/08-oci/json.c chapters/04-security/bpf.c $(COMMON_SRCS))
$(BUILD)/tests/seccomp-test: $(SECCOMP_TEST_OBJS)
	$(call say,LINK,$@)
	$(Q)$(CC) $(KOBAKO_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^

-include $(wildcard $(patsubst %.o,%.d,$(sort $(foreach c,$(CHAPTERS),$(call objs_of,$(c))) $(SECCOMP_TEST_OBJS))))

deps:
	$(Q)scripts/install-deps.sh build

test-deps:
	$(Q)scripts/install-deps.sh test

rootfs:
	$(Q)scripts/mkrootfs.sh rootfs

demo: deps
	$(Q)$(MAKE) --no-print-directory all rootfs
	$(Q)scripts/demo.sh

# The newest chapter again, built with AddressSanitizer and UBSan: `make test`
# runs every chapter's tests against it too.
sanitize:
	$(Q)$(MAKE) --no-print-directory BUILD=build/sanitize BINDIR=build/sanitize \
		CFLAGS="$(CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		STATIC= \
		$(if $(NEWEST),build/sanitize/ch$(NEWEST))

test: test-deps
	$(Q)$(MAKE) --no-print-directory all rootfs sanitize
	$(Q)tests/run.sh all

vm-deps:
	$(Q)scripts/install-deps.sh vm

test-vm: vm-deps
	$(Q)$(MAKE) --no-print-directory all rootfs
	$(Q)scripts/vm-test.sh

bench-deps:
	$(Q)scripts/install-deps.sh bench

# What a container costs, against fork/exec, unshare, bwrap and runc, Podman
# driving chapter 08 against Podman driving runc, and what a published port
# costs the traffic through it: docs/benchmark.md.
# BENCH=--quick for a run of a few seconds.
bench: bench-deps
	$(Q)$(MAKE) --no-print-directory all rootfs
	$(Q)scripts/bench.sh $(BENCH)

clean:
	$(call say,CLEAN,)
	$(Q)rm -rf build $(BINARIES)

# What is shared on purpose on this machine, the bridge kobako0 and the
# table ip kobako, goes when no container uses it: the newest chapter built that has --cleanup
# (chapter 06 on) removes it, or says which container still does.
clean-host:
	$(Q)ch=; for b in $(BINARIES); do \
		[ -x "$$b" ] && "$$b" --help 2>/dev/null | grep -q -- --cleanup && ch=$$b; \
	done; \
	[ -n "$$ch" ] || { echo 'clean-host: no chapter with --cleanup is built (make chapter-06)' >&2; exit 1; }; \
	"$$ch" --cleanup

help:
	@echo 'kobako: a container runtime in seven chapters'
	@echo
	@echo '  make                 build every chapter (./ch01, ./ch02, ...)'
	@echo '  make chapter-NN      build one chapter: ./chNN'
	@echo '  sudo make rootfs     make the demo root file system in ./rootfs (busybox)'
	@echo '  sudo make demo       set up a fresh machine and start a container'
	@echo '  sudo make test       install the test tools and run every test'
	@echo '  sudo make test-chapter-NN [CH=./my-chNN]'
	@echo '                       run the tests of chapters 01..NN against one binary'
	@echo '  sudo make check-exercise-NN-M [CH=./my-chNN]'
	@echo '                       check exercise M of chapter NN (docs/NN-*.md)'
	@echo '  make lab-NN [LAB=DIR]'
	@echo '                       a lab: a copy of the tree in DIR (default'
	@echo '                       ../kobako-lab-NN) with chapter NN'"'"'s key code to write'
	@echo '  sudo make test-vm    run every test again inside a VM with pure cgroup v2'
	@echo '  sudo make bench      time a container against fork/exec, unshare, bwrap, runc'
	@echo '  make clean           remove what the build made'
	@echo '  sudo make clean-host remove the bridge kobako0 when no container uses it'
	@echo
	@echo '  V=1                  show the commands the build runs'
	@echo '  CC=clang             build with clang'
