# figures-lib.sh -- what scripts/bench.sh and scripts/reliability.sh share:
# the machine description, one Markdown table built row by row, goal
# verdicts, and the docs file they write.  Sourced, not run.
#
# A verdict is "met", "missed", or "not measurable yet: <what is missing>";
# never a number made up for something that could not be measured.

FIG_ROWS=""
FIG_NOTES=""
FIG_START=$(date +%s)

# fig_row FIGURE MEASURED GOAL VERDICT
fig_row() {
    FIG_ROWS="${FIG_ROWS}| $1 | $2 | $3 | $4 |
"
}

# fig_note TEXT -- a line under the table (how a figure was taken).
fig_note() {
    FIG_NOTES="${FIG_NOTES}- $1
"
}

# fig_field TEXT KEY -- the word after KEY in TEXT ("median 12.3 ms" -> 12.3).
fig_field() {
    printf '%s\n' "$1" | awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }'
}

# fig_le VALUE LIMIT -- "met" if VALUE <= LIMIT, "missed" otherwise,
# "no figure" if VALUE is empty (the program failed: see its output).
fig_le() {
    [ -n "$1" ] || { echo "no figure (the program failed)"; return; }
    awk -v v="$1" -v l="$2" 'BEGIN { print (v + 0 <= l + 0) ? "met" : "missed" }'
}

# fig_between VALUE LO HI
fig_between() {
    [ -n "$1" ] || { echo "no figure (the program failed)"; return; }
    awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { print (v + 0 >= lo + 0 && v + 0 <= hi + 0) ? "met" : "missed" }'
}

# fig_calc EXPR -- awk arithmetic, printed with up to 2 decimals.
fig_calc() {
    awk "BEGIN { printf \"%.2f\", $1 }"
}

fig_machine() {
    local cpu cores mem load
    cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')
    cores=$(nproc 2>/dev/null || echo '?')
    mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
    load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
    echo "- Machine: ${cpu:-unknown CPU}, $cores cores, ${mem:-unknown} memory"
    echo "- Load average when the run started: ${FIG_LOAD:-$load} (1, 5, 15 min; above $cores the CPUs were shared with other work)"
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Builds used: ${FIG_BUILDS:-?}"
    echo "- Commit: $(git -C "$FIG_SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)${FIG_DIRTY:-}"
}

# fig_begin -- remember the load (before our own work adds to it) and
# whether the tree differs from its commit.
fig_begin() {
    FIG_LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
    # Asked now, and not counting the figures docs themselves (this run
    # rewrites one; the other may be fresh from the run before).
    git -C "$FIG_SRC" diff --quiet HEAD -- . ':!docs/performance.md' ':!docs/reliability.md' 2>/dev/null ||
        FIG_DIRTY=" (with uncommitted changes)"
}

fig_table() {
    echo "| Figure | Measured | Goal | Verdict |"
    echo "|---|---|---|---|"
    printf '%s' "$FIG_ROWS"
}

# fig_finish TITLE COMMAND DOC INTRO -- print the table, write DOC.
fig_finish() {
    local title=$1 command=$2 doc=$3 intro=$4 secs
    secs=$(( $(date +%s) - FIG_START ))
    fig_note "Total time of this run: $((secs / 60)) min $((secs % 60)) s."
    echo
    echo "$title ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo
    fig_table
    echo
    printf '%s' "$FIG_NOTES"
    mkdir -p "$(dirname "$doc")"
    {
        echo "# $title"
        echo
        echo "$intro"
        echo
        echo "Produced by \`$command\`."
        echo
        fig_machine
        echo
        fig_table
        echo
        printf '%s' "$FIG_NOTES"
    } > "$doc"
    echo "(written to $doc)"
}
