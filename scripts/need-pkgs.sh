#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# need-pkgs.sh PKG... : apt-get install what is missing (for Makefiles).
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib.sh"
need_pkgs "$@"
