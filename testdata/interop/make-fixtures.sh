#!/usr/bin/env bash
# make-fixtures.sh regenerates the interoperability fixtures of
# internal/workbook/interop_test.go from touchpoints.csv, the one file here
# written by hand. Run it from the repository root:
#
#   testdata/interop/make-fixtures.sh
#
# It needs Go, iconv, LibreOffice (soffice, tested with 7.4) and Debian's
# python3-openpyxl (run with /usr/bin/python3, not a pyenv or venv python;
# set PYTHON to override).
#
# Determinism: the CSV variants and touchpoints-openpyxl.xlsx come out
# byte-for-byte the same on every run (openpyxl's document dates and zip
# entry times are pinned below). The LibreOffice outputs
# (touchpoints-libreoffice.xlsx, touchpoints-libreoffice.ods,
# example-libreoffice.xlsx) are NOT byte-reproducible: LibreOffice stamps
# the current time into docProps/core.xml (meta.xml for .ods) and into
# the zip entries, and has no SOURCE_DATE_EPOCH. Their cell contents are
# the same on every run, and that is all the tests look at.
#
# example-libreoffice.xlsx is `journey init --example` re-saved by
# LibreOffice: regenerate it whenever the template's example changes, or
# the test comparing it with a fresh init --example fails.

set -euo pipefail

cd "$(dirname "$0")/../.."
[[ -f go.mod && -f testdata/interop/touchpoints.csv ]] || {
	echo "make-fixtures.sh: run it from the journey repository" >&2
	exit 1
}
dir=testdata/interop
src=$dir/touchpoints.csv
PYTHON=${PYTHON:-/usr/bin/python3}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# LibreOffice wants a writable home and profile; private ones also keep a
# running LibreOffice of the user from swallowing the conversion. (HOME is
# set for soffice only: Go keeps its caches under the real one.)
mkdir -p "$tmp/home"
soffice_run() {
	if ! HOME=$tmp/home timeout 120 soffice "-env:UserInstallation=file://$tmp/lo-profile" --headless --norestore "$@" >"$tmp/soffice.log" 2>&1; then
		cat "$tmp/soffice.log" >&2
		echo "make-fixtures.sh: soffice $* failed" >&2
		exit 1
	fi
}

# --- CSV variants ----------------------------------------------------------
# The same records re-encoded with Python's csv module, which quotes exactly
# the fields that need it (a field holding the delimiter, a quote or a
# newline). Embedded newlines stay LF even with CRLF line ends, as Excel
# writes them.
"$PYTHON" - "$src" "$dir" <<'PY'
import csv, sys
src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))

def write(name, delimiter, lineterminator="\n", encoding="utf-8"):
    with open(f"{out}/{name}", "w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)

write("touchpoints-semicolon.csv", ";")       # European Excel "CSV"
write("touchpoints-tab.csv", "\t")            # copy-paste / "Text (tab delimited)"
write("touchpoints-bom-crlf.csv", ",", "\r\n", "utf-8-sig")  # Excel "CSV UTF-8"
PY

# UTF-16LE with a byte order mark, as Excel's "Unicode Text" and some
# Windows tools write it (the 🔔 becomes a surrogate pair).
{
	printf '\xff\xfe'
	iconv -f UTF-8 -t UTF-16LE "$src"
} >"$dir/touchpoints-utf16.csv"

# --- LibreOffice: CSV -> .xlsx and .ods ------------------------------------
# CSV import filter options (LibreOffice's "Filter Options" tokens):
#   44       field separator ','
#   34       text delimiter '"'
#   76       character set UTF-8
#   1        start at line 1
#   (empty)  column formats: all Standard, so numbers become numbers
#   1033     language en-US, so "2.4" and "35%" parse the same in any locale
#   false    quoted fields are not forced to text
#   true     detect special numbers: "35%" becomes 0.35 formatted as a
#            percentage (LibreOffice picks the format 0.00%)
# The sheet is named after the file: "touchpoints".
csv_in='CSV:44,34,76,1,,1033,false,true'
mkdir -p "$tmp/lo"
cp "$src" "$tmp/lo/touchpoints-libreoffice.csv"
soffice_run --convert-to 'xlsx:Calc MS Excel 2007 XML' "--infilter=$csv_in" \
	--outdir "$tmp/lo" "$tmp/lo/touchpoints-libreoffice.csv"
soffice_run --convert-to 'ods:calc8' "--infilter=$csv_in" \
	--outdir "$tmp/lo" "$tmp/lo/touchpoints-libreoffice.csv"
cp "$tmp/lo/touchpoints-libreoffice.xlsx" "$tmp/lo/touchpoints-libreoffice.ods" "$dir/"

# --- openpyxl --------------------------------------------------------------
# The touchpoints as a person scripting openpyxl would write them: a title
# in B1, the header in row 3 from column B, numbers and percentages as typed
# numbers, text as inline strings (openpyxl 3.0 writes t="inlineStr"), plus
# Stages (the 8 b2b-saas stages) and Persona sheets, "Last reviewed" a real
# datetime cell.
"$PYTHON" - "$src" "$dir/touchpoints-openpyxl.xlsx" templates/b2b-saas.json <<'PY'
import csv, datetime, json, re, sys, time, types, zipfile
from decimal import Decimal
import openpyxl

src, dst, template = sys.argv[1:4]

# Pin the zip entry times: zipfile stamps writestr entries with the clock
# and the worksheets (written from temporary files) with their mtime.
FIXED = time.gmtime(1767225600)  # 2026-01-01T00:00:00Z
zipfile.time = types.SimpleNamespace(time=time.time, localtime=lambda *_: FIXED)

with open(src, encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
header, records = rows[0], rows[1:]
numeric = {"Day", "Target", "Actual", "Feeling", "Budget"}

def typed(column, text):
    """The cell value and number format openpyxl should store for text."""
    if column in numeric:
        if re.fullmatch(r"-?\d+", text):
            return int(text), None
        m = re.fullmatch(r"(-?\d+(?:\.(\d+))?)%", text)
        if m:
            decimals = len(m.group(2) or "")
            return float(Decimal(m.group(1)) / 100), "0%" if decimals == 0 else "0." + "0" * decimals + "%"
    return (text if text != "" else None), None

wb = openpyxl.Workbook()
when = datetime.datetime(2026, 1, 1)
wb.properties.created = wb.properties.modified = when
wb.properties.creator = "openpyxl fixture"

ws = wb.active
ws.title = "Touchpoints"
ws["B1"] = "Customer journey: touchpoints (written by openpyxl)"
for c, name in enumerate(header, start=2):
    ws.cell(row=3, column=c, value=name)
for r, record in enumerate(records, start=4):
    for c, (name, text) in enumerate(zip(header, record), start=2):
        value, fmt = typed(name, text)
        if value is None:
            continue
        cell = ws.cell(row=r, column=c, value=value)
        if fmt:
            cell.number_format = fmt

with open(template, encoding="utf-8") as f:
    tpl = json.load(f)
st = wb.create_sheet("Stages")
cols = ["Stage", "Goal", "KPI", "Target", "Owner team", "Days", "Feeling", "Friction"]
st.append(cols)
for r, s in enumerate(tpl["stages"], start=2):
    for c, name in enumerate(cols, start=1):
        value, fmt = typed("Target", s["Target"]) if name == "Target" else (s.get(name) if s.get(name) != "" else None, None)
        cell = st.cell(row=r, column=c, value=value)
        if fmt:
            cell.number_format = fmt

pe = wb.create_sheet("Persona")
pe.append(["Field", "Value"])
pe.append(["Persona", "Marketing Ops Manager"])
pe.append(["Seniority", "Manager"])
pe.append(["Map type", "Current state"])
pe.append(["Owner", "Zoë Müller"])
pe.append(["Goal", "Cut the time to first value"])
pe.append(["Review cadence", "Quarterly"])
pe.append(["Last reviewed", datetime.datetime(2026, 9, 15)])  # format yyyy-mm-dd h:mm:ss

wb.save(dst)
PY

# --- LibreOffice: journey init --example re-saved as .xlsx ----------------
go build -o "$tmp/journey" ./cmd/journey
mkdir -p "$tmp/init" "$tmp/resaved"
"$tmp/journey" init --example -o "$tmp/init/example-libreoffice.xlsx"
soffice_run --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$tmp/resaved" "$tmp/init/example-libreoffice.xlsx"
cp "$tmp/resaved/example-libreoffice.xlsx" "$dir/"

ls -l "$dir"
