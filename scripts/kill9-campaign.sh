#!/usr/bin/env bash
# The kill -9 campaign: a standing check that a killed writer never loses an acknowledged
# change and never leaves half a change behind.
#
#   scripts/kill9-campaign.sh [N]        # N kills (default 100), on a fresh small demo district
#
# Round by round it starts one writer and kills it with SIGKILL at a random point:
#   import   `wangge import houses FILE` (KILL9_IMPORT_ROWS new houses, one transaction);
#   reassign `wangge reassign` of 20 open tickets (one transaction);
#   open311  `wangge serve` while a client POSTs requests and logs every id it was given.
# After each kill it checks, with sqlite3 reading the file (not through wangge):
#   - every acknowledged change is stored: an import or reassignment that exited 0 before
#     the kill, every Open311 request whose id the client received;
#   - nothing is half-done: an import's houses and a reassignment's tickets are all there or
#     none (row counts, versions);
#   - `wangge verify` passes (every figure recounted by SQL agrees with the engine).
# Kill points are uniform over the calibrated run time of each writer (plus a fifth, so some
# kills land after the acknowledgement), so they fall in loading, in the transaction and
# around the commit.
#
# Environment: WANGGE_BIN (default target/debug/wangge; built if missing), KILL9_SEED (the
# random kill points; default from the clock, printed), KILL9_IMPORT_ROWS (default 5000),
# KILL9_KEEP=1 keeps the work directory. Exit status 1 if anything was lost or half-done.
# Not part of the test suite: a debug-build run of 100 kills takes several minutes.
set -euo pipefail

N=${1:-100}
cd "$(dirname "$0")/.."
BIN=${WANGGE_BIN:-target/debug/wangge}
ROWS=${KILL9_IMPORT_ROWS:-5000}
SEED=${KILL9_SEED:-$(date +%s)}
RANDOM=$SEED
if [[ ! -x $BIN ]]; then
    cargo build -p wangge-cli >&2
fi
command -v sqlite3 >/dev/null || { echo "kill9: sqlite3 is needed to check the file" >&2; exit 1; }
command -v curl >/dev/null || { echo "kill9: curl is needed for the Open311 client" >&2; exit 1; }

WORK=$(mktemp -d /tmp/wangge-kill9.XXXXXX)
DB=$WORK/district.db
LOG=$WORK/campaign.log
PORT=$((20000 + RANDOM % 20000))
KEY=kill9-campaign-key
cleanup() {
    [[ -n ${SERVER:-} ]] && kill -9 "$SERVER" 2>/dev/null || true
    [[ -n ${CLIENT:-} ]] && kill "$CLIENT" 2>/dev/null || true
    if [[ ${KILL9_KEEP:-0} == 1 ]]; then echo "kill9: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

say() { echo "$*" | tee -a "$LOG" >&2; }
q() { sqlite3 -batch -noheader "$DB" "PRAGMA busy_timeout=60000; $1" | tail -n 1; }
now_ms() { date +%s%3N; }
# A random delay of up to `$1` ms, as seconds for sleep.
random_delay() { awk -v ms=$(( (RANDOM * 32768 + RANDOM) % ($1 + 1) )) 'BEGIN { printf "%.3f", ms / 1000 }'; }

say "kill9: seed $SEED, $N kills, work directory $WORK, binary $BIN"
"$BIN" demo --db "$DB" --seed 7 --scale small >/dev/null 2>>"$LOG"
sqlite3 -batch -noheader -separator , "$DB" "SELECT lon, lat FROM houses ORDER BY id LIMIT 500" >"$WORK/points"
STREETS=($(sqlite3 -batch -noheader "$DB" "SELECT code FROM nodes WHERE level = 'street' ORDER BY code"))
read -r LAT LONG < <(awk -F, 'NR == 1 { print $2, $1 }' "$WORK/points")

# The client is one process posting in sequence: lift the per-client write limit if the
# server has one, so every POST is an attempt to store.
SERVE_LIMITS=()
if "$BIN" serve --help 2>/dev/null | grep -q -- --writes-per-second; then
    SERVE_LIMITS=(--writes-per-second 100000 --reads-per-second 100000)
fi

KILLS=0 FINISHED=0 ACKED=0 LOST=0 HALF=0 VERIFY_FAILED=0
declare -A KILLS_BY=([import]=0 [reassign]=0 [open311]=0) ACKED_BY=([import]=0 [reassign]=0 [open311]=0)

fail() { say "  LOST/HALF: $*"; }

check_verify() {
    if ! "$BIN" verify --db "$DB" >"$WORK/verify.out" 2>&1; then
        VERIFY_FAILED=$((VERIFY_FAILED + 1))
        say "  verify FAILED after round $1:"; tail -n 5 "$WORK/verify.out" | tee -a "$LOG" >&2
    fi
}

# Runs "$@" in the background, kills it with SIGKILL after `$1` seconds unless it finished;
# sets EXIT_STATUS and KILLED.
run_and_kill() {
    local delay=$1; shift
    "$@" >"$WORK/out" 2>"$WORK/err" &
    local pid=$!
    sleep "$delay"
    if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid" 2>/dev/null || true
        KILLED=1
    else
        KILLED=0
    fi
    set +e; { wait "$pid"; } 2>/dev/null; EXIT_STATUS=$?; set -e
    # Finished just as the signal went out: the exit status says which won.
    [[ $EXIT_STATUS == 137 ]] || KILLED=0
}

import_file() {
    awk -F, -v round="$1" -v rows="$ROWS" 'BEGIN { print "房屋编码,地址,经度,纬度" }
        { lon[NR] = $1; lat[NR] = $2 }
        END { for (i = 0; i < rows; i++) { k = i % NR + 1; printf "K9-%s-%d,杀进程测试 %s 号 %d 室,%s,%s\n", round, i, round, i, lon[k], lat[k] } }' \
        "$WORK/points" >"$WORK/import-$1.csv"
}

round_import() {
    local round=$1 delay=$2
    import_file "$round"
    local before; before=$(q "SELECT COUNT(*) FROM houses")
    run_and_kill "$delay" "$BIN" import houses "$WORK/import-$round.csv" --db "$DB"
    local after mine; after=$(q "SELECT COUNT(*) FROM houses"); mine=$(q "SELECT COUNT(*) FROM houses WHERE code LIKE 'K9-$round-%'")
    if [[ $EXIT_STATUS == 0 ]]; then
        ACKED=$((ACKED + ROWS)); ACKED_BY[import]=$((ACKED_BY[import] + ROWS))
        [[ $mine == "$ROWS" && $after == $((before + ROWS)) ]] || { LOST=$((LOST + ROWS - mine)); fail "import $round acknowledged, $mine of $ROWS houses stored"; }
    elif [[ $KILLED == 0 ]]; then
        say "  import $round failed on its own: $(tail -n 2 "$WORK/err")"; HALF=$((HALF + 1))
    fi
    if ! [[ ($mine == 0 && $after == "$before") || ($mine == "$ROWS" && $after == $((before + ROWS))) ]]; then
        HALF=$((HALF + 1)); fail "import $round half-done: $mine of $ROWS houses ($before → $after)"
    fi
}

round_reassign() {
    local round=$1 delay=$2
    local target=${STREETS[$((round % ${#STREETS[@]}))]}
    local ids
    ids=$(q "SELECT group_concat(id) FROM (SELECT id FROM tickets WHERE status IN ('received', 'accepted', 'in_progress')
        AND owning_unit <> '$target' AND owning_unit <> '' AND events NOT LIKE '%co_dispatched%' ORDER BY (id * 7919 + $round) % 10007 LIMIT 20)")
    sqlite3 -batch -noheader "$DB" "SELECT id, version FROM tickets WHERE id IN ($ids) ORDER BY id" >"$WORK/versions-before"
    local args=() id
    for id in ${ids//,/ }; do args+=(--ticket "$id"); done
    run_and_kill "$delay" "$BIN" reassign --db "$DB" "${args[@]}" --to "$target" --reason "kill -9 campaign round $round"
    sqlite3 -batch -noheader "$DB" "SELECT id, version FROM tickets WHERE id IN ($ids) ORDER BY id" >"$WORK/versions-after"
    local raised same count
    count=$(wc -l <"$WORK/versions-before")
    raised=$(paste -d'|' "$WORK/versions-before" "$WORK/versions-after" | awk -F'|' '$1 == $3 && $4 == $2 + 1' | wc -l)
    same=$(paste -d'|' "$WORK/versions-before" "$WORK/versions-after" | awk -F'|' '$1 == $3 && $4 == $2' | wc -l)
    if [[ $EXIT_STATUS == 0 ]]; then
        ACKED=$((ACKED + count)); ACKED_BY[reassign]=$((ACKED_BY[reassign] + count))
        [[ $raised == "$count" ]] || { LOST=$((LOST + count - raised)); fail "reassign $round acknowledged, $raised of $count tickets moved"; }
    elif [[ $KILLED == 0 ]]; then
        say "  reassign $round refused on its own: $(tail -n 2 "$WORK/err")"
    fi
    if ! [[ $raised == "$count" || $same == "$count" ]]; then
        HALF=$((HALF + 1)); fail "reassign $round half-done: $raised moved, $same untouched of $count"
    fi
}

# The Open311 client: POSTs until stopped, logging the id of every request acknowledged.
open311_client() {
    local acked=$1 n=0 body
    while :; do
        n=$((n + 1))
        body=$(curl -s -m 30 -X POST "http://127.0.0.1:$PORT/open311/v2/requests.json" \
            --data "api_key=$KEY&service_code=consultation&lat=$LAT&long=$LONG&description=kill9+request+$n" 2>/dev/null) || continue
        # Acknowledged: the server answered with the new request's id.
        id=$(printf '%s' "$body" | sed -n 's/.*"service_request_id": *"\{0,1\}\([0-9][0-9]*\).*/\1/p')
        [[ -n $id ]] && echo "$id" >>"$acked"
    done
}

round_open311() {
    local round=$1 delay=$2 acked=$WORK/acked-$1
    : >"$acked"
    "$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --api-key "$KEY" "${SERVE_LIMITS[@]}" \
        >"$WORK/serve.out" 2>"$WORK/serve.err" &
    SERVER=$!
    local tries=0
    until curl -s -o /dev/null "http://127.0.0.1:$PORT/open311/v2/services.json"; do
        sleep 0.1; tries=$((tries + 1))
        [[ $tries -lt 600 ]] || { say "  open311 $round: the server did not start"; tail -n 3 "$WORK/serve.err" >&2; exit 1; }
    done
    open311_client "$acked" &
    CLIENT=$!
    sleep "$delay"
    kill -9 "$SERVER" 2>/dev/null || true
    { wait "$SERVER"; } 2>/dev/null || true
    SERVER=
    sleep 0.2
    kill "$CLIENT" 2>/dev/null || true
    wait "$CLIENT" 2>/dev/null || true
    CLIENT=
    KILLED=1
    local count stored=0
    count=$(wc -l <"$acked")
    if [[ $count -gt 0 ]]; then
        stored=$(q "SELECT COUNT(*) FROM tickets WHERE id IN ($(paste -sd, "$acked"))")
    fi
    ACKED=$((ACKED + count)); ACKED_BY[open311]=$((ACKED_BY[open311] + count))
    [[ $stored == "$count" ]] || { LOST=$((LOST + count - stored)); fail "open311 $round: $stored of $count acknowledged requests stored"; }
}

# Calibration: each writer once, unkilled, for its run time (the import also checks the file
# is taken whole).
calibrate() {
    local start; start=$(now_ms)
    "$@" >"$WORK/out" 2>"$WORK/err" || { say "kill9: calibration run failed: $*"; tail -n 5 "$WORK/err" >&2; exit 1; }
    echo $(( $(now_ms) - start ))
}
import_file calibration
IMPORT_MS=$(calibrate "$BIN" import houses "$WORK/import-calibration.csv" --db "$DB")
REASSIGN_MS=$(calibrate "$BIN" verify --db "$DB")
say "kill9: calibrated: import of $ROWS houses ${IMPORT_MS} ms, a command's start ${REASSIGN_MS} ms"

round=0
started=$(now_ms)
while [[ $KILLS -lt $N ]]; do
    round=$((round + 1))
    case $((RANDOM % 3)) in
        0) kind=import; delay=$(random_delay $((IMPORT_MS * 6 / 5))); round_import "$round" "$delay" ;;
        1) kind=reassign; delay=$(random_delay $((REASSIGN_MS * 6 / 5))); round_reassign "$round" "$delay" ;;
        2) kind=open311; delay=$(awk -v ms=$((300 + (RANDOM * 32768 + RANDOM) % 2700)) 'BEGIN { printf "%.3f", ms / 1000 }'); round_open311 "$round" "$delay" ;;
    esac
    if [[ $KILLED == 1 ]]; then
        KILLS=$((KILLS + 1)); KILLS_BY[$kind]=$((KILLS_BY[$kind] + 1))
    else
        FINISHED=$((FINISHED + 1))
    fi
    check_verify "$round"
    echo "round $round $kind delay ${delay}s killed=$KILLED exit=${EXIT_STATUS:-}" >>"$LOG"
done

say "kill9: $KILLS kills in $round rounds ($((($(now_ms) - started) / 1000)) s; $FINISHED writers finished before their kill point)"
say "kill9: kills by writer: import ${KILLS_BY[import]}, reassign ${KILLS_BY[reassign]}, open311 ${KILLS_BY[open311]}"
say "kill9: acknowledged changes: $ACKED (import ${ACKED_BY[import]} houses, reassign ${ACKED_BY[reassign]} tickets, open311 ${ACKED_BY[open311]} requests)"
say "kill9: lost: $LOST; half-done: $HALF; verify failures: $VERIFY_FAILED"
[[ $LOST == 0 && $HALF == 0 && $VERIFY_FAILED == 0 ]]
