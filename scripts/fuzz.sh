#!/usr/bin/env bash
# Fuzzes the file readers and wire parsers (issue 14): every target of fuzz/ runs for MINUTES
# minutes (default 5), then a table of executions and crashes per target is printed.
#
#   scripts/fuzz.sh [MINUTES]
#
# Installs, if missing, the pinned nightly toolchain cargo-fuzz needs (only fuzzing uses it)
# and cargo-fuzz itself. Corpora are seeded from ../shared/testdata plus a few generated files
# and kept in fuzz/corpus/ (not committed); crashes land in fuzz/artifacts/<target>/, and each
# one found must become a regression test in its crate's tests.
set -euo pipefail

NIGHTLY=nightly-2026-05-19
CARGO_FUZZ_VERSION=0.13.2
# FUZZ_TARGETS="topology registers" runs only those.
read -r -a TARGETS <<< "${FUZZ_TARGETS:-geojson topology registers open311}"

minutes=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
testdata="$root/../shared/testdata"
fuzz="$root/fuzz"

# A plain `nightly` of the pinned date (as some machines have it, without network) will do.
if ! rustup toolchain list | grep -q "^$NIGHTLY"; then
  if rustup run nightly rustc --version 2>/dev/null | grep -q "${NIGHTLY#nightly-})"; then
    NIGHTLY=nightly
  else
    rustup toolchain install "$NIGHTLY" --profile minimal
  fi
fi
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

# Copies the files found under DIRS with the given name patterns into corpus/TARGET; files
# over 64 KB only slow every execution down (inputs are capped at that size too).
seed() {
  local target=$1; shift
  local dir="$fuzz/corpus/$target"
  mkdir -p "$dir"
  find "$@" -type f -size -64k 2>/dev/null | while read -r file; do
    cp "$file" "$dir/seed-$(basename "$file")"
  done
}

if [ -d "$testdata" ]; then
  seed geojson "$testdata/geojson" -name '*.geojson' -o -name '*.json'
  seed registers "$testdata/service-requests" "$testdata/zhejiang" -name '*.csv' -o -name '*.tsv'
  seed open311 "$testdata/open311/extracted-examples" "$testdata/open311/ruby-gem-fixtures" -name '*.xml' -o -name '*.json'
else
  echo "note: $testdata not found; the corpora start from the generated seeds only" >&2
fi
mkdir -p "$fuzz/corpus/topology" "$fuzz/corpus/registers" "$fuzz/corpus/open311" "$fuzz/corpus/geojson"
# A square, a bow-tie and a square with a hole, as the topology target reads bytes.
printf '\x00\x00\x08\x00\x08\x08\x00\x08' > "$fuzz/corpus/topology/seed-square"
printf '\x00\x00\x08\x08\x08\x00\x00\x08' > "$fuzz/corpus/topology/seed-bowtie"
printf '\x01\x01\x0e\x01\x0e\x0e\x01\x0e\x00\x04\x04\x08\x04\x08\x08' > "$fuzz/corpus/topology/seed-hole"
printf 'api_key=key&service_code=002&lat=30.75&long=120.75&attribute[KIND]=1&attribute[N]=3&description=%%E8%%B7%%AF' \
  > "$fuzz/corpus/open311/seed-post.form"
printf 'api_key=key&service_code=001&address_string=%%E7%%A6%%BE%%E5%%85%%B4%%E8%%B7%%AF1%%E5%%8F%%B7&email=a%%40b.cn' \
  > "$fuzz/corpus/open311/seed-post-address.form"
# A register in GBK and a minimal XLSX (one sheet, inline strings), so both readers start deep.
python3 - "$fuzz/corpus/registers" <<'PY'
import sys, zipfile
out = sys.argv[1]
text = "姓名,身份证号,地址,经度,纬度\n张三,330402199001011234,南湖区建设街道禾兴路1号,120.7555,30.7470\n"
open(f"{out}/seed-gbk.csv", "wb").write(text.encode("gbk"))
cells = lambda r, values: "".join(
    f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
rows = [["姓名", "身份证号", "地址"], ["张三", "330402199001011234", "禾兴路1号"]]
sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<sheetData>' + "".join(f'<row r="{r + 1}">{cells(r + 1, v)}</row>' for r, v in enumerate(rows)) +
         '</sheetData></worksheet>')
parts = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": sheet,
}
with zipfile.ZipFile(f"{out}/seed-register.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, body in parts.items():
        z.writestr(name, body)
PY

cd "$fuzz"
# Release code with debug assertions (overflow checks) under AddressSanitizer.
cargo "+$NIGHTLY" fuzz build --debug-assertions >&2
mkdir -p "$fuzz/artifacts"
summary=()
for target in "${TARGETS[@]}"; do
  log="$fuzz/artifacts/$target.log"
  mkdir -p "$fuzz/artifacts/$target"
  before=$(find "$fuzz/artifacts/$target" -type f | wc -l)
  echo "fuzzing $target for $minutes minute(s)…" >&2
  # -timeout: one input taking 10 s is a finding (the topology check once hung on a star);
  # -rss_limit_mb: a reader growing past 2 GiB is one too.
  cargo "+$NIGHTLY" fuzz run --debug-assertions "$target" "$fuzz/corpus/$target" -- \
    -max_total_time=$((minutes * 60)) -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 >"$log" 2>&1 || true
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  after=$(find "$fuzz/artifacts/$target" -type f | wc -l)
  summary+=("$(printf '%-10s %14s %8s' "$target" "${runs:-?}" "$((after - before))")")
done
printf '%-10s %14s %8s\n' target executions crashes
printf '%s\n' "${summary[@]}"
echo "logs and crash inputs: fuzz/artifacts/" >&2
