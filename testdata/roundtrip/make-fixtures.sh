#!/usr/bin/env bash
# make-fixtures.sh regenerates the round-trip fixtures of
# internal/workbook/roundtrip_test.go. Run it from the repository root:
#
#   testdata/roundtrip/make-fixtures.sh
#
# It needs Go and LibreOffice (soffice, tested with 7.4). JOURNEY names a
# journey binary to use instead of building ./cmd/journey.
#
# What it writes (README.md says what is in them):
#   team-a.xlsx  journey init --example made a team's own by gen/main.go
#                (styles, comments, formulas, a Budget sheet with a chart,
#                defined names, extra columns, things lint --fix fixes),
#                then opened and saved by LibreOffice, which computes and
#                stores every formula's value
#   team-b.xlsx  journey init --example cut down by gen/main.go to a second
#                team's touchpoints (a duplicate, a clashing ID, new ones, a
#                new channel and team, Budget and Region columns)
#
# Determinism: the edits are fixed, so the cell contents are the same on
# every run. The files are not byte-for-byte reproducible: journey and
# LibreOffice stamp the current time into docProps/core.xml (and
# LibreOffice into the zip entries). The tests look at cell contents,
# styles, comments, formulas and names only.

set -euo pipefail

cd "$(dirname "$0")/../.."
[[ -f go.mod && -f testdata/roundtrip/gen/main.go ]] || {
	echo "make-fixtures.sh: run it from the journey repository" >&2
	exit 1
}
dir=testdata/roundtrip

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
go build -o "$tmp/gen" ./testdata/roundtrip/gen

"$journey" init --example -o "$tmp/example.xlsx"
mkdir -p "$tmp/in" "$tmp/out"
"$tmp/gen" team-a "$tmp/example.xlsx" "$tmp/in/team-a.xlsx"
"$tmp/gen" team-b "$tmp/example.xlsx" "$dir/team-b.xlsx"

# LibreOffice names its output after the input.
soffice_run --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$tmp/out" "$tmp/in/team-a.xlsx"
cp "$tmp/out/team-a.xlsx" "$dir/"

chmod 644 "$dir"/*.xlsx
ls -l "$dir"
