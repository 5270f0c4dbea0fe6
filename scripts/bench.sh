#!/usr/bin/env bash
# bench.sh BUILD_DIR -- the figures of `make bench`: one table,
# also written to docs/performance.md.  BUILD_DIR is a Release build with
# the app and the tests (the Makefile makes it).  Benchmarks print figures;
# nothing here fails because a machine is slow: a missed goal says "missed".
#
# The app is measured over a data folder like a long-time user's: a vault
# made with the Argon2id parameters this machine calibrates (as a first run
# does) and 10,000 journal entries over about three years
# (tests/bench/bench_fixture).
set -u
FIG_SRC=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "${1:?usage: bench.sh BUILD_DIR}" && pwd)
. "$FIG_SRC/scripts/figures-lib.sh"
fig_begin
FIG_BUILDS="Release build in $B"
export SDL_VIDEODRIVER=dummy SDL_RENDER_DRIVER=software
TMP=$(mktemp -d "${TMPDIR:-/tmp}/im-bench-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
RUNS=31
ENTRIES=10000
BIG=100000
PASS="a quiet evening by the river"
FX="$TMP/data"

echo "== the data folder: a calibrated vault and $ENTRIES entries"
fx=$("$B/tests/bench/bench_fixture" "$FX" "$PASS" $ENTRIES calibrated) && echo "$fx"

echo "== unlock and the index over $ENTRIES and $BIG entries (core: bench_unlock)"
FXB="$TMP/big"
fxb=$("$B/tests/bench/bench_fixture" "$FXB" "$PASS" $BIG min) && echo "$fxb"
u10=$("$B/tests/bench/bench_unlock" 5 "$FX" "$PASS") && echo "$u10"
u100=$("$B/tests/bench/bench_unlock" 5 "$FXB" "$PASS") && echo "$u100"
u10_beyond=$(fig_field "$(echo "$u10" | grep '^unlock+journal')" beyond)
u100_beyond=$(fig_field "$(echo "$u100" | grep '^unlock+journal')" beyond)
u10_complete=$(fig_field "$(echo "$u10" | grep '^search-complete')" search-complete:)
u100_complete=$(fig_field "$(echo "$u100" | grep '^search-complete')" search-complete:)
rm -rf "$FXB"

echo "== exec -> first frame ($RUNS runs each)"
bare=$("$B/tests/bench/bench_exec" $RUNS "$B/tests/bench/bare_sdl" \
       "$FIG_SRC/fonts/NotoSans-Regular.ttf") && echo "$bare"
bare_ms=$(fig_field "$bare" median)
printf 'expect "Unlock Innermost"\ndump\n' > "$TMP/first.txt"
app=$("$B/tests/bench/bench_exec" $RUNS "$B/app/innermost-test" --headless \
      --data-dir "$FX" --size 390x844 --scale 1 --script "$TMP/first.txt") && echo "$app"
app_ms=$(fig_field "$app" median)
ratio=$([ -n "$app_ms" ] && [ -n "$bare_ms" ] && fig_calc "$app_ms / $bare_ms")
bare_cpu=$(fig_field "$bare" cpu-median); app_cpu=$(fig_field "$app" cpu-median)
cpu_ratio=$([ -n "$app_cpu" ] && [ -n "$bare_cpu" ] && fig_calc "$app_cpu / $bare_cpu")
fig_row "exec → first frame, bare SDL2 + SDL2_ttf program: window, one font, one line (median of $RUNS; its CPU time then)" \
        "${bare_ms:-?} ms (CPU ${bare_cpu:-?} ms)" "baseline" "—"
fig_row "exec → first frame of the unlock screen, headless, vault with $ENTRIES entries (median of $RUNS); ratio to bare; the same for the CPU time the main thread had used by then (what other work on a shared machine does not inflate)" \
        "${app_ms:-?} ms; ratio ${ratio:-?} (CPU ${app_cpu:-?} ms, ratio ${cpu_ratio:-?})" "ratio ≤ 1.2" "$(fig_le "$ratio" 1.2); CPU: $(fig_le "$cpu_ratio" 1.2)"

echo "== flinging the journal list"
fl=$("$B/tests/bench/bench_ui" fling "$FX" "$PASS") && echo "$fl"
f50=$(fig_field "$fl" p50); f99=$(fig_field "$fl" p99); fn=$(fig_field "$fl" frames)
fmax=$(fig_field "$fl" max); fc50=$(fig_field "$fl" cpu-p50); fc99=$(fig_field "$fl" cpu-p99)
fig_row "frame time p50 / p99 (max) flinging the $ENTRIES-entry journal list, 1170×2532 px, software renderer ($fn frames, 3 flings up and 3 down); the thread's CPU time per frame p50 / p99" \
        "${f50:-?} / ${f99:-?} ms (${fmax:-?}); CPU ${fc50:-?} / ${fc99:-?} ms" "p99 ≤ 8 ms" "$(fig_le "$f99" 8); CPU: $(fig_le "$fc99" 8)"

echo "== flinging and memory with a journal in 13 scripts"
# The same 10,000 entries with sentences in three of 13 scripts each
# (tests/bench/bench_fixture ... mixed): every row shapes Arabic, Indic,
# CJK or emoji runs and draws from the system fallback fonts.
FXM="$TMP/mixed"
fxm=$("$B/tests/bench/bench_fixture" "$FXM" "$PASS" $ENTRIES min mixed) && echo "$fxm"
flm=$("$B/tests/bench/bench_ui" fling "$FXM" "$PASS") && echo "$flm"
m50=$(fig_field "$flm" p50); m99=$(fig_field "$flm" p99); mn=$(fig_field "$flm" frames)
mmax=$(fig_field "$flm" max); mc50=$(fig_field "$flm" cpu-p50); mc99=$(fig_field "$flm" cpu-p99)
fig_row "frame time p50 / p99 (max) flinging the $ENTRIES-entry journal list written in 13 scripts, 1170×2532 px, software renderer ($mn frames); CPU time per frame p50 / p99" \
        "${m50:-?} / ${m99:-?} ms (${mmax:-?}); CPU ${mc50:-?} / ${mc99:-?} ms" "p99 ≤ 8 ms" "$(fig_le "$m99" 8); CPU: $(fig_le "$mc99" 8)"
sr=$("$B/tests/bench/bench_ui" search "$FXM" "$PASS") && echo "$sr"
srl=$(echo "$sr" | grep '^search:')
sr50=$(fig_field "$srl" p50); srmax=$(fig_field "$srl" max); srn=$(fig_field "$srl" queries)
fig_row "search the $ENTRIES-entry journal in 13 scripts: $srn queries (one per script, an emoji, two of two words), each 5 times, p50 / max" \
        "${sr50:-?} / ${srmax:-?} ms" "≤ 30 ms" "$(fig_le "$srmax" 30)"
sem=$("$B/tests/bench/bench_ui" session "$FXM" "$PASS" 10) && echo "$sem"
rssm=$(fig_field "$(echo "$sem" | grep '^rss:')" rss:)

echo "== the app in a window: unlock, journal, idle, memory"
se=$("$B/tests/bench/bench_ui" session "$FX" "$PASS" 10) && echo "$se"
u=$(echo "$se" | grep '^unlock:'); u_ms=$(fig_field "$u" ms); u_frames=$(fig_field "$u" frames)
j_ms=$(fig_field "$(echo "$se" | grep '^journal:')" first-frame)
id=$(echo "$se" | grep '^idle:')
i_frames=$(fig_field "$id" frames); i_cpu=$(fig_field "$id" cpu); i_base=$(fig_field "$id" baseline)
rss=$(fig_field "$(echo "$se" | grep '^rss:')" rss:)
i_own=$([ -n "$i_cpu" ] && fig_calc "($i_cpu > $i_base) ? $i_cpu - $i_base : 0")
i_verdict=$([ "${i_frames:-x}" = 0 ] && [ "$(fig_le "$i_own" 0.5)" = met ] && echo "met (CPU above SDL's own polling)" || echo missed)
# With Xvfb the X11 row below is the measure; on this driver SDL polls every
# millisecond, and the app's share above that is within a percent of noise.
command -v xvfb-run >/dev/null 2>&1 && i_verdict="frames: $([ "${i_frames:-x}" = 0 ] && echo met || echo missed); CPU: see the X11 row (this driver polls)"

echo "== unlock (calibrated KDF, core alone)"
unlock=$("$B/tests/bench/bench_unlock" 5) && echo "$unlock"
ops=$(fig_field "$unlock" opslimit); mib=$(fig_field "$unlock" memlimit)
unlock_ms=$(fig_field "$(echo "$unlock" | grep '^unlock:')" median)
kdf_verdict=$(fig_between "$(fig_calc "${unlock_ms:-0} / 1000")" 0.5 1.0)
[ -n "$mib" ] && [ "$mib" -lt 64 ] && kdf_verdict="missed (below 64 MiB)"
fig_row "unlock: the Argon2id parameters calibrated here, and an unlock with them (core alone, median of 5)" \
        "t=${ops:-?}, ${mib:-?} MiB: ${unlock_ms:-?} ms" "0.5–1.0 s at ≥ 64 MiB" "$kdf_verdict"
echo "== key rotation with $ENTRIES entries (core alone)"
rk=$("$B/tests/bench/bench_rekey" $ENTRIES 3) && echo "$rk"
rk_line=$(echo "$rk" | grep '^rekey:')
rk_total=$(fig_field "$rk_line" total-median); rk_kdf=$(fig_field "$rk_line" kdf-median)
rk_beyond=$(fig_field "$rk_line" beyond)
fig_row "passphrase change: new master key, every one of $ENTRIES entries re-sealed in one transaction (median of 3); time beyond the key derivation" \
        "${rk_total:-?} ms total, ${rk_kdf:-?} ms derivation, ${rk_beyond:-?} ms beyond" "< 1 s beyond the derivation" \
        "$(fig_le "$(fig_calc "${rk_beyond:-99999} / 1000")" 1)"
fps=$([ -n "$u_ms" ] && [ -n "$u_frames" ] && fig_calc "$u_frames * 1000 / $u_ms")
fig_row "unlock in the app: Return → unlocked with $ENTRIES entries loaded, and the frames the unlock animation drew meanwhile" \
        "${u_ms:-?} ms, ${u_frames:-?} frames (${fps:-?} per second)" "0.5–1.0 s; the animation keeps drawing" \
        "$(fig_between "$(fig_calc "${u_ms:-0} / 1000")" 0.5 1.0); $([ "${u_frames:-0}" -gt 0 ] && echo "it drew" || echo "no frames")"

echo "== journal with $ENTRIES and $BIG entries (core: journal_bench, generated vocabulary)"
jb=$("$B/tests/journal/journal_bench" $ENTRIES) && echo "$jb"
jbb=$("$B/tests/journal/journal_bench" $BIG) && echo "$jbb"
save=$(echo "$jb" | grep 'create p50')
save50=$(fig_field "$save" p50); save99=$(fig_field "$save" p99)
open_med=$(fig_field "$(echo "$jb" | grep '^open')" median)
open_big=$(fig_field "$(echo "$jbb" | grep '^open')" median)
bl=$(echo "$jb" | grep '^build'); blb=$(echo "$jbb" | grep '^build')
b_total=$(fig_field "$bl" total); b_max=$(fig_field "$bl" step-max); b_steps=$(fig_field "$bl" steps)
bb_total=$(fig_field "$blb" total); bb_max=$(fig_field "$blb" step-max); bb_steps=$(fig_field "$blb" steps)
b_p99=$(fig_field "$bl" step-p99); bb_p99=$(fig_field "$blb" step-p99)
search=$(echo "$jb" | grep '^search'); searchb=$(echo "$jbb" | grep '^search')
s50=$(fig_field "$search" p50); smax=$(fig_field "$search" max)
sb50=$(fig_field "$searchb" p50); sbmax=$(fig_field "$searchb" max)
rss_big=$(echo "$jbb" | awk '/^rss/ { for (i = 1; i < NF; i++) if ($(i + 1) == "MB") { print $i; exit } }')
fig_row "save a journal entry with $ENTRIES entries, p50 / p99 (1,000 saves, one transaction each: the entry and the journal's head)" \
        "${save50:-?} / ${save99:-?} ms" "p99 ≤ 1 ms" "$(fig_le "$save99" 1)"
fig_row "open the journal with $ENTRIES entries: its head + the first page of 24 (core, median of 7)" \
        "${open_med:-?} ms" "≤ 10 ms" "$(fig_le "$open_med" 10)"
fig_row "open the journal with $BIG entries: its head + the first page of 24 (core, median of 7)" \
        "${open_big:-?} ms" "≤ 10 ms" "$(fig_le "$open_big" 10)"
fig_row "unlock (core) with $ENTRIES / $BIG entries: unlock + journal open + first page, beyond the key derivation alone (median of 5)" \
        "${u10_beyond:-?} / ${u100_beyond:-?} ms" "≤ 30 ms" "$(fig_le "$u10_beyond" 30) / $(fig_le "$u100_beyond" 30)"
fig_row "unlock → search complete (core), $ENTRIES / $BIG entries: the index stepped in slices of 32 KiB, as the app's loop does" \
        "${u10_complete:-?} / ${u100_complete:-?} ms" "— (figure)" "—"
fig_row "the longest slice while the index builds (what one frame waits at most), $ENTRIES / $BIG entries: p99 / max of ${b_steps:-?} / ${bb_steps:-?} slices" \
        "${b_p99:-?} / ${b_max:-?} ms; ${bb_p99:-?} / ${bb_max:-?} ms" "max ≤ 8 ms (a 60 fps frame keeps room to draw)" \
        "$(fig_le "$b_max" 8) / $(fig_le "$bb_max" 8)"
bd=$("$B/tests/bench/bench_ui" build "$FX" "$PASS") && echo "$bd"
bdn=$(fig_field "$bd" frames); bd99=$(fig_field "$bd" gap-p99); bdmax=$(fig_field "$bd" gap-max)
bdc99=$(fig_field "$bd" cpu-p99); bdcmax=$(fig_field "$bd" cpu-max)
fig_row "frames the app draws while the index builds after unlock, $ENTRIES entries: the Journal list flung up and down until the index is complete, 1170×2532 px (bench_ui build); the gap between frames (a slice of the index runs in it) p99 / max, and its CPU time p99 / max" \
        "${bdn:-?} frames; gap ${bd99:-?} / ${bdmax:-?} ms; CPU ${bdc99:-?} / ${bdcmax:-?} ms" "the UI keeps 60 fps (gap ≤ 16.7 ms)" \
        "$(fig_le "$bd99" 16.7) (p99); CPU: $(fig_le "$bdcmax" 16.7) (max)"
fig_row "open the Journal screen in the app ($ENTRIES entries): to its first frame" \
        "${j_ms:-?} ms" "≤ 50 ms" "$(fig_le "$j_ms" 50)"
fig_row "search $ENTRIES / $BIG entries once the index is complete, p50 / max of 30 queries (common, middling and rare words)" \
        "${s50:-?} / ${smax:-?} ms; ${sb50:-?} / ${sbmax:-?} ms" "≤ 30 ms" "$(fig_le "$smax" 30) / $(fig_le "$sbmax" 30)"
fig_row "RSS with $BIG entries, the index complete (core alone: journal_bench)" \
        "${rss_big:-?} MB" "≤ 40 MB" "$(fig_le "$rss_big" 40)"

echo "== idle"
fig_row "idle on the Journal screen, $ENTRIES entries: frames and CPU over 10 s real time (window on SDL's dummy driver)" \
        "${i_frames:-?} frames; CPU ${i_cpu:-?} % (a bare SDL_WaitEvent loop on this driver: ${i_base:-?} %, so the app's own: ${i_own:-?} %, 0 meaning within that noise)" \
        "0 frames, ≤ 0.5 % CPU" "$i_verdict"
if command -v xvfb-run >/dev/null 2>&1; then
    # A display driver that really sleeps in SDL_WaitEvent.
    sx=$(xvfb-run -a -s "-screen 0 1280x900x24" env SDL_VIDEODRIVER=x11 \
         "$B/tests/bench/bench_ui" session "$FX" "$PASS" 10) && echo "$sx"
    ix=$(echo "$sx" | grep '^idle:')
    x_frames=$(fig_field "$ix" frames); x_cpu=$(fig_field "$ix" cpu)
    x_verdict=$([ "${x_frames:-x}" = 0 ] && [ "$(fig_le "$x_cpu" 0.5)" = met ] && echo met || echo missed)
    fig_row "idle on the Journal screen, $ENTRIES entries: frames and CPU over 10 s real time (X11 window under Xvfb)" \
            "${x_frames:-?} frames; CPU ${x_cpu:-?} %" "0 frames, ≤ 0.5 % CPU" "$x_verdict"
else
    fig_note "xvfb-run is not installed (scripts/setup.sh bench installs it), so idle was measured on the dummy driver only."
fi

echo "== memory and size"
fig_row "steady RSS of the app with $ENTRIES entries loaded, on the Journal screen after 10 s idle (480×800 window, dummy driver)" \
        "${rss:-?} MB" "≤ 30 MB" "$(fig_le "$rss" 30)"
fig_row "steady RSS of the app with the $ENTRIES-entry journal in 13 scripts, on the Journal screen after 10 s idle (fallback fonts loaded)" \
        "${rssm:-?} MB" "≤ 30 MB" "$(fig_le "$rssm" 30)"
# The same steady RSS with a desktop's settings portal answering, as on a
# desktop session: a private bus (dbus-run-session) on which the test fake
# (tests/platform/fake_settings_portal) serves org.freedesktop.portal.Settings
# (tests/bench/with_settings_portal.sh); the app reads its settings there
# (innermost-portal.so, libdbus) and opens no GSettings module.
portal_fake="$B/tests/platform/fake_settings_portal"
if command -v dbus-run-session >/dev/null 2>&1 && [ -x "$portal_fake" ]; then
    echo "== memory with the desktop's settings portal (private session bus)"
    portal_run() {
        dbus-run-session -- sh "$FIG_SRC/tests/bench/with_settings_portal.sh" "$portal_fake" "$TMP/portal.log" \
            "$B/tests/bench/bench_ui" session "$1" "$PASS" 10 2>"$TMP/portal.err" ||
            { grep -v 'dbus-daemon\|fd limit' "$TMP/portal.err" >&2; return 1; }
    }
    sp=$(portal_run "$FX") && echo "$sp"
    spm=$(portal_run "$FXM") && echo "$spm"
    rssp=$(fig_field "$(echo "$sp" | grep '^rss:')" rss:)
    rsspm=$(fig_field "$(echo "$spm" | grep '^rss:')" rss:)
    asked=$(fig_field "$(echo "$sp" | grep '^portal:')" read-all)
    askedm=$(fig_field "$(echo "$spm" | grep '^portal:')" read-all)
    p_verdict="$(fig_le "$rssp" 30) / $(fig_le "$rsspm" 30)"
    [ "${asked:-0}" -ge 1 ] && [ "${askedm:-0}" -ge 1 ] || p_verdict="missed (the portal was not asked: not the figure)"
    fig_row "steady RSS of the app with a desktop's settings portal answering (a private dbus-run-session bus, tests/platform/fake_settings_portal serving org.freedesktop.portal.Settings, asked ${asked:-?} / ${askedm:-?} times), on the Journal screen after 10 s idle: $ENTRIES entries / the $ENTRIES-entry journal in 13 scripts" \
            "${rssp:-?} / ${rsspm:-?} MB" "≤ 30 MB" "$p_verdict"
else
    fig_note "dbus-run-session or tests/platform/fake_settings_portal is missing (scripts/setup.sh bench installs dbus-daemon), so RSS with the settings portal was not measured."
fi
strip -o "$TMP/innermost.stripped" "$B/app/innermost"
size=$(stat -c %s "$TMP/innermost.stripped")
size_mb=$(fig_calc "$size / 1048576")
fig_row "stripped binary size without fonts (app, toolkit and embedded content)" "$size_mb MB ($size bytes)" "≤ 1.5 MB" \
        "$(fig_le "$size_mb" 1.5)"

fig_note "The data folder: tests/bench/bench_fixture, a vault with the parameters im_kdf_calibrate picks here (${fx#fixture: }) and $ENTRIES entries of generated text (tests/bench/vocab.h) dated one every ~2.6 hours back from now."
fig_note "Exec → first frame: both programs run headless (SDL_VIDEODRIVER=dummy, software renderer, 390×844) and are timed by tests/bench/bench_exec from fork+exec to their first output, after one warm-up run: the bare program prints once its frame is presented, the app once its script has seen the unlock screen's title and printed its labels (its first screen drawn and settled)."
fig_note "Unlock-screen first frame with the fallback chain: the chain only looks for a system font when a character none of the loaded faces has is laid out (app/src/render/fontchain.c), so the unlock screen opens no fallback font and starts no fontconfig (nor maps it: the chain's worker opens it after the first frame); its exec → first frame row above is measured with it."
fig_note "Start-up, what the unlock screen's first frame did beyond the bare program, and what changed: 47,000 relative relocations of the passphrase word lists applied by the loader before main (pointer tables; now fixed-size arrays, cmake/embed_passphrase.cmake); Noto Sans opened by SDL_ttf once per text size for its line metrics only (now computed from the face already open, with SDL_ttf's rounding: tests/text/test_text_layout.c); the bundled faces read whole (now mapped). Counted with valgrind --tool=callgrind --separate-threads=yes --dump-before=fflush (the main thread to its first output, one run each): the app's own work to its first frame is about the bare program's (9.4 M instructions against 9.5 M), and the rest is the dynamic loader resolving the libraries the bare program does not load. fontconfig is opened by the font chain's worker after the first frame (the module innermost-fontconfig.so, app/src/render/fontchain_fc.h): the app 22.84 M → 22.53 M, its loader 13.43 M → 13.12 M, against the bare program's 19.87 M and 10.38 M. FriBiDi, which the first frame does not call, would save 0.26 M more linked from Debian's static archive, at 45 KB of the binary's size goal and an LGPL library inside the binary: not taken. What each library left costs the loader (added alone to the bare program): FriBiDi about 0.26 M, SQLite 1.35 M (1,520 of its 1,610 symbol relocations bind its own functions, at load: Debian builds it with BIND_NOW), libsodium 0.37 M, libunibreak 0.24 M, utf8proc 0.24 M. None of them can be linked statically within the binary's 1.5 MB goal (SQLite +1.26 MB, utf8proc +340 KB, libsodium +226 KB), and Debian ships no libunibreak archive. Left before the first frame: the vault open (SQLite open, its WAL and shared-memory files), on its own thread."
fig_note "Flinging: at 1170×2532 in the software renderer a frame costs mostly pixels written. The replay skips paint nobody sees (app/src/render/backend.c: bands a later opaque rectangle covers, fills in the colour already there such as the white cards on the white list; tests/ui/test_ui_backend.c checks the picture against painting everything), about 4 of 7.5 M pixels a frame on the journal list, and a row's ellipsis cut shapes the row once instead of a dozen prefixes (ui_text_fit)."
fig_note "Frame time is wall time, so on a machine whose load is above its cores (see the load above) other work's turns are counted in it; the CPU figure beside it is the app thread's own CPU time from one frame's end to the next (tests/bench/bench_ui fling), which such sharing does not inflate."
fig_note "Search in 13 scripts (tests/bench/bench_ui search): the unlocked app's journal (im_journal_search, first page of 50) over the 13-script fixture; queries in Latin with diacritics, Greek capitals, Cyrillic, Arabic, Hebrew, Devanagari, Bengali, Tamil, Thai and Chinese inside text without spaces, Japanese kana, Korean, an emoji, and two two-word queries. Text without spaces is matched as any run of its characters (tests/text/test_search_scripts.c)."
fig_note "The fling, unlock, journal and idle rows drive the real app (tests/bench/bench_ui): the fling headless on virtual time through the script driver's swipe, the rest in a window with the real loop and real time. A frame's time is the app's own: layout, draw list, replay, present."
fig_note "Idle on the dummy driver: it cannot sleep in SDL_WaitEvent and polls every millisecond, so a bare SDL_WaitEvent loop on the same driver is measured for the same 10 s and shown beside the app's figure; the Xvfb row is the real figure."
fig_note "Journal save/open/search/build come from tests/journal/journal_bench (vault in \$TMPDIR); the saves are on this machine's disk, much faster than phone flash. Unlock figures come from tests/bench/bench_unlock over bench_fixture folders (the $BIG-entry one with the floor KDF: the time beyond the derivation does not depend on it)."
fig_note "Every journal figure uses tests/bench/vocab.h text: 60,000 generated words in seven scripts (Latin with accents, Cyrillic, Greek, Arabic, Devanagari, CJK, emoji) drawn with a Zipf-like spread, entries from a few words to several thousand (about 1.8 KB of body on average)."
fig_note "The journal opens on its sealed head (core/src/journal_head.c: count, days, the first 24 summaries); the entries are read in afterwards a slice at a time, so unlock and open do not grow with the journal, and search answers partially, saying so, until the index is complete."
fig_note "Steady RSS, what is in it (the 10000-entry journal on the Journal screen after the idle trim; /proc/self/smaps, mallinfo2 and the index's own count at the moment rss is read: BENCH_UI_MEMORY=FILE tests/bench/bench_ui session DATA PASS 10; MB as in the rows, 1024² bytes): the search index 7.4 (dictionary 6.6, nodes 0.7: core, journal_bench's memory line), the window's framebuffer 1.5 (480×800 ARGB), the glyph atlas 1.0 (512² ARGB), the loaded content 1.4, SQLite 0.3; the rest is the touched pages of the binary and its libraries (about 13.5: the app 1.0, libc/libm/ld.so 2.2, SDL2 1.6, SQLite and libsodium 1.5, HarfBuzz/FreeType/FriBiDi/fontconfig/GLib 3.0, X11, PulseAudio, ALSA, libdbus and codecs SDL2 links 4.2) and fontconfig's caches 0.7. The 13-script journal adds about 1.1 (0.8 of it large allocations, the rest library pages such as libpng's for the colour emoji)."
fig_note "Steady RSS, what changed (issue 17): with no session bus (as here) GSettings' dconf backend can never tell of a change, so GLib's gsettings tool reads the text size, motion and contrast once in a child process and GIO is never mapped (app/src/platform/system_prefs.c; GIO, GObject, dconf, libmount, libblkid and libselinux were 2.5 MB of touched pages, 30.0 → 27.1 MB); the idle trim closes the system fallback faces' FreeType halves, reopened by the next raster (app/src/render/fontchain.c; FreeType held 1.6 MB of heap at idle with the 13-script journal: 28.8 → 27.2 MB). With a session bus the settings come from the portal (innermost-portal.so over libdbus) and the accessibility bridge the session's AT-SPI bus asks for (ATK, atk-bridge, libatspi: 0.6 MB of pages) is loaded too, as on a desktop: the portal row."
fig_finish "Innermost performance figures" "${FIG_COMMAND:-scripts/bench.sh $1}" "$FIG_SRC/docs/performance.md" \
    "The benchmark table. Benchmarks print figures; they are not tests and never fail on a slow machine."
