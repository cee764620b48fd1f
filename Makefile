# SPDX-License-Identifier: GPL-2.0
#
# Enhanced synthetic uevents: the kernel series (patches/), the trigger tool
# (tools/), and the QEMU pipeline that proves both on a real kernel with the
# real systemd-udevd.  Every target installs the Debian packages it needs.

KTREE	?= 7.2
STOCK	?= 7.2
BOOTS	?= 3
PREFIX	?= /usr/local
DESTDIR	?=

.PHONY: all tools static check check-matrix demo kernel kernel-kasan \
	stock-kernel qemu-test series-check runner-test fuzz bench bench-mdevd bench-write-cost overflow-demo install deb \
	boot-lvm check-systemd clean

all: tools

tools:
	@if [ -e tools/Makefile ]; then $(MAKE) -C tools; fi

static:
	$(MAKE) -C tools static

# The README's test command: every test, as CI runs it.
check:
	KTREE=$(KTREE) scripts/check.sh

# Every kernel tree with the udevd of its Debian release, and the patched
# trees: docs/matrix.md.
check-matrix:
	scripts/check-matrix.sh

# A Debian root on LVM booted to systemd with the initramfs of its own
# mkinitramfs, our coldplug against udevadm settle, BOOTS boots of each
# (never part of check): the table of docs/boot.md.
boot-lvm:
	qemu-test/lvm-boot.sh --boots $(BOOTS) --docs docs/boot.md

# The systemd-booted guests of make check alone: the patched 7.2 with
# sid's systemd and udev 262, 5.10 with its stable queue and bullseye's
# 247 (qemu-test/systemd-boot.sh).
check-systemd:
	k=$$(kernel/build.sh 7.2 base patches) && \
	qemu-test/systemd-boot.sh --name systemd-7.2 --kernel "$$k" --udev 262; \
	r=$$?; k=$$(kernel/build.sh 5.10 base patches) && \
	qemu-test/systemd-boot.sh --name systemd-5.10 --kernel "$$k" --udev 247 && \
	[ $$r -eq 0 ]

# The README's main job: boot the patched kernel and show the idea at work.
demo:
	KTREE=$(KTREE) scripts/demo.sh

kernel:
	kernel/build.sh $(KTREE) base patches

kernel-kasan:
	kernel/build.sh $(KTREE) kasan patches

stock-kernel:
	kernel/stock.sh $(STOCK)

qemu-test:
	k=$$(kernel/build.sh $(KTREE) base patches) && \
	s=$$(kernel/stock.sh $(STOCK)) && \
	qemu-test/run.sh --name patched --kernel "$$k" --tool \
		--plan qemu-test/plans/patched.plan && \
	qemu-test/run.sh --name stock --kernel "$$s" --tool \
		--tests "$$k/selftests" --plan qemu-test/plans/stock.plan

# The benchmark against udevadm (never part of check): bench/results.md.
bench:
	scripts/bench.sh

# Its mdevd part alone, one boot: the tool against mdevd-coldplug.
bench-mdevd:
	scripts/bench-mdevd.sh

# What a UUID and two pairs cost a write against a plain one, one boot.
bench-write-cost:
	scripts/bench-write-cost.sh

# Patch 2 against a kernel without it, on a uinput device: two boots.
overflow-demo:
	scripts/overflow-demo.sh

# The long fuzzer run: WRITES (default 100000), SEED (default random).
fuzz:
	KTREE=$(KTREE) scripts/fuzz.sh

# KTREE[=ORIGIN] per tree: ORIGIN a git tree with branch pristine or a
# linux-source tarball, else kernel/tree.sh KTREE --path.
SERIES_TREES ?= 7.2 6.12 6.1 5.10
series-check:
	kernel/series-check.sh patches $(SERIES_TREES)

runner-test:
	qemu-test/runner-test.sh "$$(kernel/build.sh $(KTREE) base patches)"

install:
	$(MAKE) -C tools install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

# The Debian packages uevent-trigger, libsynthuevent0, libsynthuevent-dev
# (and their -dbgsym), lintian-clean, built from a copy of the work tree
# into $SYNTH_CACHE/deb (or DEBDIR).
deb:
	scripts/deb.sh $(DEBDIR)

clean:
	@if [ -e tools/Makefile ]; then $(MAKE) -C tools clean; fi
	$(MAKE) -C selftests clean
	$(MAKE) -C bench clean
