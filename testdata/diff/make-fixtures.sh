#!/usr/bin/env bash
# make-fixtures.sh regenerates the diff fixtures of internal/diff's tests
# and testdata/script/diff.txtar. Run it from the repository root:
#
#   testdata/diff/make-fixtures.sh
#
# It needs Go and LibreOffice (soffice, tested with 7.4). JOURNEY names a
# journey binary to use instead of building ./cmd/journey.
#
# What it writes (README.md lists the edits):
#   current.xlsx                  journey init --example (b2b-saas): the current-state map
#   future.xlsx                   current.xlsx edited by edit/main.go: the future-state map
#   current-noid.xlsx             current.xlsx with the ID cells emptied
#   future-noid-libreoffice.xlsx  future.xlsx with the ID cells emptied, the touchpoint rows
#                                 shuffled (fixed seed), then opened and saved by LibreOffice
#
# Determinism: the edits and the shuffle are fixed, so the cell contents are
# the same on every run. The files are not byte-for-byte reproducible:
# journey and LibreOffice stamp the current time into docProps/core.xml
# (and LibreOffice into the zip entries). The tests look at cell contents
# only.

set -euo pipefail

cd "$(dirname "$0")/../.."
[[ -f go.mod && -f testdata/diff/edit/main.go ]] || {
	echo "make-fixtures.sh: run it from the journey repository" >&2
	exit 1
}
dir=testdata/diff

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# LibreOffice wants a writable home and profile; private ones also keep a
# running LibreOffice of the user from swallowing the conversion.
mkdir -p "$tmp/home"
soffice_run() {
	if ! HOME=$tmp/home timeout 120 soffice "-env:UserInstallation=file://$tmp/lo-profile" --headless --norestore "$@" >"$tmp/soffice.log" 2>&1; then
		cat "$tmp/soffice.log" >&2
		echo "make-fixtures.sh: soffice $* failed" >&2
		exit 1
	fi
}

journey=${JOURNEY:-}
if [[ -z $journey ]]; then
	go build -o "$tmp/journey" ./cmd/journey
	journey=$tmp/journey
fi
go build -o "$tmp/edit" ./testdata/diff/edit

"$journey" init --example --force -o "$dir/current.xlsx"
"$tmp/edit" future "$dir/current.xlsx" "$dir/future.xlsx"
"$tmp/edit" noid "$dir/current.xlsx" "$dir/current-noid.xlsx"

# The future map without IDs, rows shuffled, re-saved by LibreOffice (which
# names its output after the input).
mkdir -p "$tmp/in" "$tmp/out"
"$tmp/edit" noid "$dir/future.xlsx" "$tmp/future-noid.xlsx"
"$tmp/edit" shuffle "$tmp/future-noid.xlsx" "$tmp/in/future-noid-libreoffice.xlsx"
soffice_run --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$tmp/out" "$tmp/in/future-noid-libreoffice.xlsx"
cp "$tmp/out/future-noid-libreoffice.xlsx" "$dir/"

chmod 644 "$dir"/*.xlsx
ls -l "$dir"
