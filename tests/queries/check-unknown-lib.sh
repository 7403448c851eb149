#!/bin/sh
# SPDX-License-Identifier: MIT
# check-unknown-lib.sh SOURCE_ROOT: a folder under libs/ that the helper
# does not know must fail `meson setup` with a message naming it, instead
# of being skipped.  Configures a copy of the tree (sources only) with one
# stray folder; the copy's configure stops at libs/, before tests/.
set -u
root=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && tar cf - --exclude='./build*' --exclude='./.git' --exclude='./subprojects' .) | (cd "$tmp" && tar xf -)
mkdir "$tmp/libs/contacts_client"   # a plausible typo of contacts_db_client
out=$(cd "$tmp" && meson setup _b 2>&1); rc=$?
if [ $rc -eq 0 ]; then echo "meson setup accepted an unknown folder libs/contacts_client"; exit 1; fi
if ! echo "$out" | grep -q "libs/contacts_client is not a domain library the helper knows"; then
  echo "meson setup failed for another reason:"; echo "$out" | tail -5; exit 1
fi
echo "an unknown folder under libs/ fails the configure step"
