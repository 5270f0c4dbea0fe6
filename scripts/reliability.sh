#!/usr/bin/env bash
# reliability.sh BUILD_DIR ASAN_BUILD_DIR -- the figures of `make
# reliability`: one table, also written to docs/reliability.md.
# BUILD_DIR is a Release build, ASAN_BUILD_DIR the clang ASan+UBSan build
# with the libFuzzer targets (the Makefile makes both).
#
# KILL_CYCLES (1000), WRONG_TRIES (10000) and MANY_ENTRIES (100000) size
# the long runs; the fuzzers run for the seconds CTest gives each.
set -u
FIG_SRC=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "${1:?usage: reliability.sh BUILD_DIR ASAN_BUILD_DIR}" && pwd)
A=$(cd "${2:?usage: reliability.sh BUILD_DIR ASAN_BUILD_DIR}" && pwd)
. "$FIG_SRC/scripts/figures-lib.sh"
fig_begin
FIG_BUILDS="Release build in $B; ASan+UBSan (clang, libFuzzer) build in $A"
KILL_CYCLES=${KILL_CYCLES:-1000}
WRONG_TRIES=${WRONG_TRIES:-10000}
MANY_ENTRIES=${MANY_ENTRIES:-100000}
POWER_POINTS=${POWER_POINTS:-10000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/im-reliability-XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# run NAME CMD... -- run, keep output in $TMP/NAME.out, echo it; the exit
# status in $TMP/NAME.rc.  Sanitizer reports and signals count as crashes.
run() {
    local name=$1; shift
    "$@" > "$TMP/$name.out" 2>&1
    echo $? > "$TMP/$name.rc"
    cat "$TMP/$name.out"
}
crashed() { # NAME -> 1 if the run died of a signal or a sanitizer report
    local rc; rc=$(cat "$TMP/$1.rc")
    if [ "$rc" -ge 128 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|deadly signal' "$TMP/$1.out"; then
        echo 1
    else
        echo 0
    fi
}
zero() { [ "${1:-x}" = 0 ] && echo met || echo missed; }

echo "== SIGKILL during saves ($KILL_CYCLES cycles)"
run kill "$B/tests/vault/test_kill" "$KILL_CYCLES"
k=$(grep '^kill test:' "$TMP/kill.out")
acked=$(echo "$k" | sed -n 's/.*; \([0-9]*\) records acknowledged.*/\1/p')
lost=$(echo "$k" | sed -n 's/.*acknowledged, \([0-9]*\) lost.*/\1/p')
integ=$(echo "$k" | sed -n 's/.* \([0-9]*\) integrity failures.*/\1/p')
ksecs=$(echo "$k" | sed -n 's/.*cycles in \([0-9.]*\) s.*/\1/p')
fig_row "SIGKILL during saves: $KILL_CYCLES cycles, acknowledged entries lost" \
        "${lost:-?} of ${acked:-?}" "0" "$(zero "$lost")"
fig_row "SIGKILL during saves: integrity failures (PRAGMA integrity_check)" \
        "${integ:-?}" "0" "$(zero "$integ")"

echo "== power loss at every write (crash VFS, $POWER_POINTS crash points)"
run power "$B/tests/crash/test_power_loss" "$POWER_POINTS"
p=$(grep '^crash points' "$TMP/power.out")
p_n=$(echo "$p" | sed -n 's/^crash points \([0-9]*\):.*/\1/p')
p_c=$(fig_field "$p" corrupt | tr -d ,); p_u=$(fig_field "$p" unopenable | tr -d ,); p_l=$(fig_field "$p" lost | tr -d ,)
p_ok=missed
[ "$(cat "$TMP/power.rc")" = 0 ] && [ "$p_c" = 0 ] && [ "$p_u" = 0 ] && [ "$p_l" = 0 ] && p_ok=met
fig_row "power loss (crash VFS: unsynced sectors kept, lost or torn, then no I/O) at every write of an entry save, an edit, an entry moved to the trash, a draft save, a draft made an entry, a backup restore, a key rotation and the first unlock of a schema-2 vault (its migration and re-seal; the close after each), each followed by reopen, integrity_check and a full read: crash points, corrupt, unopenable, acknowledged writes lost" \
        "${p_n:-?} points: ${p_c:-?} corrupt, ${p_u:-?} unopenable, ${p_l:-?} lost" "≥ 10,000 points, 0 / 0 / 0" "$p_ok"

echo "== tamper (ASan+UBSan build)"
run tamper "$A/tests/reliability/rel_tamper"
flips=$(grep 'tamper: flips' "$TMP/tamper.out"); swaps=$(grep 'tamper: swaps' "$TMP/tamper.out")
f_n=$(fig_field "$flips" flips); f_r=$(fig_field "$flips" rejected)
s_n=$(fig_field "$swaps" swaps); s_r=$(fig_field "$swaps" rejected)
pct() { [ -n "$1" ] && [ -n "$2" ] && [ "$2" -gt 0 ] && fig_calc "100 * $1 / $2" || echo "?"; }
f_p=$(pct "$f_r" "$f_n"); s_p=$(pct "$s_r" "$s_n")
fig_row "tamper: single-bit flips over three records (nonce, ciphertext, tag), rejected" \
        "${f_r:-?} of ${f_n:-?} (${f_p} %)" "100 %" "$([ "$f_p" = 100.00 ] && echo met || echo missed)"
fig_row "tamper: rows swapped or relabelled (other row, other kind, passed off as the old format), rejected" \
        "${s_r:-?} of ${s_n:-?} (${s_p} %)" "100 %" "$([ "$s_p" = 100.00 ] && echo met || echo missed)"
tc=$(crashed tamper)
fig_row "tamper: crashes or sanitizer reports" "$tc" "0" "$(zero "$tc")"

echo "== canary scan of a scripted session"
run canary "$B/tests/reliability/rel_canary_session"
c=$(grep '^canary: files' "$TMP/canary.out")
c_mid=$(fig_field "$c" hits-mid); c_end=$(fig_field "$c" hits-end)
c_files=$(fig_field "$c" files); c_n=$(fig_field "$c" canaries)
c_exp=$(grep '^canary: export' "$TMP/canary.out" | sed 's/^canary: //')
c_hits=$([ -n "$c_mid" ] && [ -n "$c_end" ] && echo $((c_mid + c_end)))
fig_row "canary scan, core level (vault, journal, engine, backup + restore, export through core's API): hits in every file written, mid-session and after close" \
        "${c_hits:-?} (${c_n:-?} canaries, ${c_files:-?} files)" "0" "$(zero "$c_hits")"
fig_note "Core-level canary session: tests/reliability/rel_canary_session. Control: the readable Markdown export, the one file meant to be in clear, ${c_exp:-did not run}."

echo "== canary scan of a scripted session of the real app"
run appcanary "$B/tests/reliability/rel_app_canary" "$B/app/innermost-test"
ac=$(grep '^appcanary: files' "$TMP/appcanary.out")
ac_files=$(fig_field "$ac" files); ac_n=$(fig_field "$ac" needles); ac_hits=$(fig_field "$ac" hits)
ac_ctl=$(grep '^appcanary: control' "$TMP/appcanary.out" | sed 's/^appcanary: control: //')
[ "$(cat "$TMP/appcanary.rc")" = 0 ] || ac_hits=${ac_hits:-?}
fig_row "canary scan, the real app (test build: innermost-test --headless): first run, journal entry, a draft SIGKILLed, search, exercise answer, Together private answers, backup to a file + restore, export; hits in every file under HOME/XDG/TMPDIR (after the kill and at the end) and the app's stderr" \
        "${ac_hits:-?} (${ac_n:-?} needles: 11 canaries, the passphrase whole and its random tail, the recovery code with and without dashes; ${ac_files:-?} files scanned)" "0" \
        "$([ "$(cat "$TMP/appcanary.rc")" = 0 ] && zero "$ac_hits" || echo "missed (see rel_app_canary)")"
fig_note "App canary session: tests/reliability/rel_app_canary runs the app's test build (innermost-test: the product's code plus the script driver) three times with HOME, XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and TMPDIR in one temporary tree. Control: ${ac_ctl:-did not run}."
grep -q '^appcanary: hit' "$TMP/appcanary.out" && fig_note "App canary hits: $(grep '^appcanary: hit' "$TMP/appcanary.out" | head -5 | tr '\n' ';')"

echo "== memory after lock"
run memscan "$B/tests/reliability/rel_memscan"
for when in "after lock (journal still open)" "after lock and journal close"; do
    m=$(grep -F "memscan: $when:" "$TMP/memscan.out")
    m_master=$(echo "$m" | sed -n 's/.*master key hits \([0-9]*\).*/\1/p')
    m_record=$(echo "$m" | sed -n 's/.*record key hits \([0-9]*\).*/\1/p')
    m_pass=$(echo "$m" | sed -n 's/.*passphrase hits \([0-9]*\).*/\1/p')
    m_can=$(echo "$m" | sed -n 's/.*canary hits \([0-9]*\).*/\1/p')
    m_mib=$(echo "$m" | sed -n 's/.*scanned \([0-9.]*\) MiB.*/\1/p')
    m_hits=$([ -n "$m_can" ] && echo $((m_master + m_record + m_pass + m_can)))
    fig_row "memory $when: master key, record key, passphrase and 80 canaries (half past the preview, where only the search dictionary keeps them) in the process's writable memory" \
            "${m_hits:-?} (key ${m_master:-?}, subkey ${m_record:-?}, passphrase ${m_pass:-?}, canaries ${m_can:-?}; ${m_mib:-?} MiB scanned)" "0" "$(zero "$m_hits")"
done
fig_note "Memory scan control: $(grep '^memscan: control' "$TMP/memscan.out" | sed 's/^memscan: control //') -- the scan finds them while they are meant to be there. Hits after lock, if any, are listed with their mapping in the raw output of tests/reliability/rel_memscan."
grep -q '^memscan: hit' "$TMP/memscan.out" && fig_note "Memory hits after lock: $(grep '^memscan: hit' "$TMP/memscan.out" | head -5 | tr '\n' ';')"

echo "== memory after lock, the real app"
run appmem "$B/tests/reliability/rel_app_memscan"
for when in "Lock now" "auto-lock"; do
    m=$(grep -F "appmem: after $when:" "$TMP/appmem.out")
    am_key=$(echo "$m" | sed -n 's/.*master key hits \([0-9]*\).*/\1/p')
    am_pass=$(echo "$m" | sed -n 's/.*passphrase hits \([0-9]*\).*/\1/p')
    am_can=$(echo "$m" | sed -n 's/.*canary hits \([0-9]*\).*/\1/p')
    am_q=$(fig_field "$m" sdl-queue); am_h=$(fig_field "$m" heap); am_s=$(fig_field "$m" stack); am_o=$(fig_field "$m" other)
    am_mib=$(echo "$m" | sed -n 's/.*scanned \([0-9.]*\) MiB.*/\1/p')
    am_hits=$([ -n "$am_can" ] && echo $((am_key + am_pass + am_can)))
    fig_row "memory after $when, the real app (journal entry, search, exercise answer typed; entry re-read and a draft open before auto-lock): master key, passphrase and 6 canaries in the process's writable memory" \
            "${am_hits:-?} (key ${am_key:-?}, passphrase ${am_pass:-?}, canaries ${am_can:-?}; by owner: app heap ${am_h:-?}, SDL event queue ${am_q:-?}, stack ${am_s:-?}, other ${am_o:-?}; ${am_mib:-?} MiB scanned)" "0" "$(zero "$am_hits")"
done
fig_note "App memory scan: tests/reliability/rel_app_memscan runs the real app in-process through the script driver. Control: $(grep '^appmem: control' "$TMP/appmem.out" | sed 's/^appmem: control //') (the search screen wipes its query when it closes, so that one is gone even before the lock). On lock the app wipes its wrap cache, draw-list text arena and toast, and overwrites SDL's recycled event-queue entries (which held SDL_TEXTINPUT text) with blank events; \`rel_app_memscan --trace\` names the allocation site of any hit."
grep -q '^appmem: hit' "$TMP/appmem.out" && fig_note "App memory hits after lock: $(grep '^appmem: hit' "$TMP/appmem.out" | head -5 | cut -c1-160 | tr '\n' ';')"

echo "== fuzzing (ASan+UBSan, libFuzzer)"
ctest --test-dir "$A" -L fuzz -V -j 2 > "$TMP/fuzz.out" 2>&1
for f in $(grep -oE 'Test +#[0-9]+: fuzz_[a-z_]+' "$TMP/fuzz.out" | awk '{print $3}' | sort -u); do
    # ctest -V prefixes each line of a test's output with its number.
    n=$(grep -E "^[0-9]+: Test command: [^ ]*/$f " "$TMP/fuzz.out" | head -1 | cut -d: -f1)
    secs=$(grep -E "^$n: Test command:" "$TMP/fuzz.out" | grep -oE 'max_total_time=[0-9]+' | sed 's/.*=//')
    execs=$(grep -E "^$n: stat::number_of_executed_units:" "$TMP/fuzz.out" | awk -F: '{ print $NF + 0 }' | tail -1)
    if grep -qE "Test +#$n: $f \.+ +Passed" "$TMP/fuzz.out"; then crashes=0; else crashes=1; fi
    fig_row "fuzzing $f for ${secs:-?} s under ASan+UBSan: executions, crashes" \
            "${execs:-?} executions, $crashes crashes" "0 crashes" "$(zero "$crashes")"
done
fig_note "Fuzzers run through CTest (\`ctest -L fuzz\` in the ASan build) for the seconds each registers, two at a time, from their seed corpora; execution counts are libFuzzer's -print_final_stats."

echo "== wrong passphrases ($WRONG_TRIES, minimum KDF parameters, 2 processes)"
half=$((WRONG_TRIES / 2))
run wrong1 "$B/tests/vault/test_vault_wrong_secret" "$half" &
run wrong2 "$B/tests/vault/test_vault_wrong_secret" "$((WRONG_TRIES - half))" &
wait
w_rej=0; w_secs=0
for w in wrong1 wrong2; do
    line=$(grep '^wrong passphrases' "$TMP/$w.out")
    r=$(echo "$line" | sed -n 's/.*t=1), \([0-9]*\) rejected.*/\1/p')
    s=$(echo "$line" | sed -n 's/^wrong passphrases: [0-9]* in \([0-9.]*\) s.*/\1/p')
    w_rej=$((w_rej + ${r:-0}))
    w_secs=$(fig_calc "($w_secs > ${s:-0}) ? $w_secs : ${s:-0}")
done
fig_row "$WRONG_TRIES wrong passphrases (Argon2id 64 MiB, t=1), rejected; nothing on disk changed" \
        "$w_rej ($(fig_calc "100 * $w_rej / $WRONG_TRIES") %) in $w_secs s on 2 processes" "100 %" \
        "$([ "$w_rej" = "$WRONG_TRIES" ] && grep -q '0 failed' "$TMP/wrong1.out" && grep -q '0 failed' "$TMP/wrong2.out" && echo met || echo missed)"

echo "== bad input"
run bad "$B/tests/reliability/rel_bad_input" "$MANY_ENTRIES"
bad_line() { grep "^badinput: $1" "$TMP/bad.out" | sed "s/^badinput: $1 //"; }
ok_if() { grep -q "^badinput: $1" "$TMP/bad.out" && ! grep -q "check failed" "$TMP/bad.out" && echo met || echo "missed (see rel_bad_input)"; }
bad_ok=$(ok_if utf8)
fig_row "bad input: invalid UTF-8 in body and title" "$(bad_line utf8)" "clear message, nothing stored broken or lost" "$bad_ok"
fig_row "bad input: a 1 MB paste (and one over the limit)" "$(bad_line paste)" "saved, or a clear message; nothing lost" "$bad_ok"
fig_row "bad input: $MANY_ENTRIES entries" "$(bad_line many)" "works, nothing lost" "$bad_ok"
fig_row "bad input: full disk (RLIMIT_FSIZE, SIGXFSZ ignored)" "$(bad_line full)" "clear message, nothing lost" "$bad_ok"

[ "$WRONG_TRIES" != 10000 ] && fig_note "This run used WRONG_TRIES=$WRONG_TRIES; \`make reliability\` tries 10,000 by default (about 4 min on an idle 2-core machine at 45 ms a derivation)."
fig_note "The kill test is tests/vault/test_kill $KILL_CYCLES (Release); the wrong-passphrase count is tests/vault/test_vault_wrong_secret run as two processes of $half; tamper, canary, memory and bad-input counts come from tests/reliability/ (rel_app_canary and rel_app_memscan drive the real app)."
fig_note "The power-loss count is tests/crash/test_power_loss $POWER_POINTS: a crash VFS (SQLite's crash-test approach) at every write of each operation and its close, with several random fates (kept, lost, torn at 512-byte sectors) per write; its self-test with a lying fsync must find damage, which shows the check can fail."
fig_note "Times include any other work the machine was doing: see the load average above."
fig_finish "Innermost reliability figures" "${FIG_COMMAND:-scripts/reliability.sh $1 $2}" "$FIG_SRC/docs/reliability.md" \
    "The reliability table: what survives kills, tampering, bad input and fuzzing, and what is left behind on disk and in memory."
