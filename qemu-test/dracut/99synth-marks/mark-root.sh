#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# pre-pivot hook (sourced): root is mounted.
/usr/bin/synth-mark root
