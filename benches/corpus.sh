#!/usr/bin/env bash
# Builds a benchmark corpus from copydesk's own fixture texts (fixtures/**/*.txt and *.md), so
# that anyone can measure from a clean clone without fetching outside text.
#
#   benches/corpus.sh [--mb N] [--single] OUT_DIR
#
# Without --single: a content-repository-like tree of article-sized files,
#   OUT_DIR/copy-0001/articles/clean-city-budget.txt, OUT_DIR/copy-0001/attribution/..., ...
# holding whole copies of the fixture tree until the total reaches N MB (10^6 bytes; default 1).
# With --single: one plain-text file OUT_DIR/corpus.txt, the fixture texts concatenated in the
# same order, separated by a blank line, until it reaches N MB.
#
# The output is deterministic: files are taken in byte order of their paths (LC_ALL=C) and
# copied verbatim, so the same checkout gives the same bytes on every run. A stamp file records
# what was built; running again with the same arguments on an unchanged checkout does nothing.
# The script only ever deletes an OUT_DIR that it built itself (one holding its stamp).
set -euo pipefail
export LC_ALL=C

usage() {
    echo "usage: $0 [--mb N] [--single] OUT_DIR" >&2
    exit 2
}

mb=1
single=0
out=""
while [[ $# -gt 0 ]]; do
    case "$1" in
    --mb)
        [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || usage
        mb="$2"
        shift 2
        ;;
    --single)
        single=1
        shift
        ;;
    -h | --help) usage ;;
    -*) usage ;;
    *)
        [[ -z "$out" ]] || usage
        out="$1"
        shift
        ;;
    esac
done
[[ -n "$out" ]] || usage

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/fixtures"
mapfile -t files < <(find . -type f \( -name '*.txt' -o -name '*.md' \) | sort)
[[ ${#files[@]} -gt 0 ]] || {
    echo "error: no fixture texts under $root/fixtures" >&2
    exit 1
}
round_bytes=$(cat -- "${files[@]}" | wc -c)
target=$((mb * 1000000))
# Whole rounds only, so every fixture is represented equally.
rounds=$(((target + round_bytes - 1) / round_bytes))

# The stamp names the shape and a checksum of the inputs, so a changed fixture rebuilds.
inputs=$(printf '%s\n' "${files[@]}" | cat - "${files[@]}" | cksum)
stamp="copydesk bench corpus v1 mb=$mb single=$single rounds=$rounds inputs=$inputs"
stamp_file="$out/.copydesk-corpus"
if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
    exit 0
fi
if [[ -e "$out" ]]; then
    if [[ -f "$stamp_file" ]]; then
        rm -rf -- "$out"
    elif [[ -n "$(ls -A -- "$out")" ]]; then
        echo "error: $out exists and was not built by $0; refusing to overwrite it" >&2
        exit 1
    fi
fi
mkdir -p -- "$out"

if [[ "$single" -eq 1 ]]; then
    # One awk process reads the file list once per round: thousands of files, no fork each.
    args=()
    for ((r = 0; r < rounds; r++)); do
        args+=("${files[@]}")
    done
    awk 'FNR == 1 && NR > 1 { print "" } { print }' "${args[@]}" >"$out/corpus.txt"
else
    # Stage one copy of the tree, then copy it whole: one cp per round, not one per file.
    stage="$out/.stage"
    mkdir -p -- "$stage"
    tar -cf - -- "${files[@]}" | tar -xf - -C "$stage"
    for ((r = 1; r <= rounds; r++)); do
        cp -R -- "$stage" "$out/$(printf 'copy-%04d' "$r")"
    done
    rm -rf -- "$stage"
fi
echo "$stamp" >"$stamp_file"
