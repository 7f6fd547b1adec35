#!/usr/bin/env bash
# Rebuilds data/lexicon.fst from the SCOWL word lists of Debian's `scowl`
# package. See data/LEXICON.md for the source, licence and the meaning of
# levels and flags.
#
# Usage: scripts/build-lexicon.sh            (run from anywhere in the repo)
# Env:   SCOWL_DIR  word-list directory (default /usr/share/dict/scowl)
#        MAX_LEVEL  highest SCOWL size level to include (default 70)
#
# Output is byte-for-byte deterministic for the same SCOWL input: every
# ordering step uses the C locale and the fst builder is deterministic.
set -euo pipefail

# Pinned so that a silently different package version is noticed: the level
# numbers and word sets change between SCOWL releases.
EXPECTED_SCOWL_VERSION="2020.12.07-2"

SCOWL_DIR="${SCOWL_DIR:-/usr/share/dict/scowl}"
MAX_LEVEL="${MAX_LEVEL:-70}"
# Spelling categories taken; the regional variants beyond these add mostly
# rare spellings that would hide misspellings.
CATEGORIES="english american british canadian variant_1"
# Sub-categories; abbreviations are skipped on purpose because acronyms such
# as "US" would make real fragments look like words.
SUBCATEGORIES="words upper proper-names contractions"

export LC_ALL=C

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

if [ ! -d "$SCOWL_DIR" ]; then
    echo "error: $SCOWL_DIR not found; install it with: apt-get update && apt-get install -y scowl" >&2
    exit 1
fi

if command -v dpkg-query >/dev/null 2>&1; then
    version="$(dpkg-query -W -f='${Version}' scowl 2>/dev/null || true)"
    if [ "$version" != "$EXPECTED_SCOWL_VERSION" ]; then
        echo "warning: scowl package version is '${version:-unknown}', data/LEXICON.md documents $EXPECTED_SCOWL_VERSION; update it if you keep the result" >&2
    fi
fi

work_dir="target/lexicon"
mkdir -p "$work_dir"
raw="$work_dir/raw.tsv"
tsv="$work_dir/lexicon.tsv"
: >"$raw"

nfiles=0
# The glob is expanded in the C locale, so the file order is fixed.
for category in $CATEGORIES; do
    for sub in $SUBCATEGORIES; do
        for file in "$SCOWL_DIR/$category-$sub".*; do
            [ -e "$file" ] || continue
            level="${file##*.}"
            case "$level" in
                '' | *[!0-9]*) continue ;;
            esac
            [ "$level" -le "$MAX_LEVEL" ] || continue
            # Older SCOWL releases are ISO-8859-1, the packaged 2020 one is
            # UTF-8: accept either without double-encoding.
            if iconv -f UTF-8 -t UTF-8 "$file" >/dev/null 2>&1; then
                enc=UTF-8
            else
                enc=ISO-8859-1
            fi
            iconv -f "$enc" -t UTF-8 "$file" |
                sed -e 's/\r$//' -e "s/\$/	$level	$sub/" >>"$raw"
            nfiles=$((nfiles + 1))
        done
    done
done

if [ "$nfiles" -eq 0 ]; then
    echo "error: no SCOWL lists matched in $SCOWL_DIR" >&2
    exit 1
fi

# Aggregate per lowercased word: minimum level, 'l' when seen all-lowercase in
# a word or contraction list, 'c' when seen with a capital anywhere. Perl is
# used (part of Debian's essential set) because it lowercases non-ASCII
# letters such as "Ü" correctly, unlike mawk.
perl -CSD -ne '
    chomp;
    my ($word, $level, $sub) = split /\t/;
    next unless defined $sub && length $word;
    # Only letters, apostrophes and hyphens: digits and dots belong to
    # abbreviations and symbols that the checks never ask about.
    next unless $word =~ /\A[\p{L}\x27-]+\z/;
    # Possessives are stripped by the callers; contraction lists keep theirs.
    next if $sub ne "contractions" && $word =~ /\x27s\z/;
    my $lower = lc $word;
    # SCOWL lists every letter of the alphabet as a word; only "a" and "I"
    # are words in running prose, and the rest would make any stray letter
    # look fine to the fragment checks.
    next if length($lower) == 1 && $lower ne "a" && $lower ne "i";
    if (!exists $min{$lower} || $level < $min{$lower}) {
        $min{$lower} = $level;
    }
    if ($word eq $lower && ($sub eq "words" || $sub eq "contractions")) {
        $lc{$lower} = 1;
    }
    if ($word ne $lower) {
        $cap{$lower} = 1;
    }
    END {
        for my $w (keys %min) {
            my $flags = ($lc{$w} ? "l" : "") . ($cap{$w} ? "c" : "");
            $flags = "-" if $flags eq "";
            print "$w\t$min{$w}\t$flags\n";
        }
    }
' "$raw" | sort -t '	' -k1,1 >"$tsv"

words="$(wc -l <"$tsv")"
echo "lexicon: $words words from $nfiles lists (levels <= $MAX_LEVEL)" >&2

cargo run --quiet --release --example build_lexicon -- "$tsv" data/lexicon.fst
ls -l data/lexicon.fst >&2
