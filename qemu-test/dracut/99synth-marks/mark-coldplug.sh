#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# initqueue job (sourced, every round): the mark once.
if [ ! -e /tmp/synth-mark-coldplug ]; then
	: > /tmp/synth-mark-coldplug
	/usr/bin/synth-mark coldplug
fi
