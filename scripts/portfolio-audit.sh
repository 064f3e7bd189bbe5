#!/usr/bin/env bash
# The analysts' and auditors' tools on a generated portfolio, end to end (issue 8's "done when"):
#   start apps/o2c on a fresh embedded PostgreSQL, `npm run gen`, wait until every view is current and every consumer
#   group has committed every message (/health's behind), run one daily dunning run, then `o2c audit verify`,
#   `o2c replay all` and `o2c backtest` (the day of the run and 60 days on), each timed with its peak RSS.
# Usage: bash scripts/portfolio-audit.sh [--accounts N] [--invoices N] [--out DIR] [--keep] [--no-build]
#   defaults: the full portfolio of npm run gen (100,000 accounts, 1,000,000 invoices); out .o2c/portfolio-audit.
#   --no-build skips `npm run build` (dist/ already built from this tree).
#   --keep leaves the app and its database running at the end (to look around; stop it with the printed command).
# Every step's JSON goes to DIR/<step>.json, its stderr to DIR/<step>.log, and a summary (one JSON object) to
# DIR/summary.json and the last line of stdout. Needs: node, curl, /usr/bin/time (GNU time, for peak RSS).
set -euo pipefail
cd "$(dirname "$0")/.."

ACCOUNTS=100000
INVOICES=1000000
OUT=.o2c/portfolio-audit
KEEP=0
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --accounts) ACCOUNTS="$2"; shift 2 ;;
    --invoices) INVOICES="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-build) BUILD=0; shift ;;
    *) echo "unknown option $1 (--accounts N --invoices N --out DIR --keep --no-build)" >&2; exit 2 ;;
  esac
done

PORT="${PORT:-3190}"
export O2C_PG_PORT="${O2C_PG_PORT:-54390}"
export O2C_DATA_DIR="$OUT/pgdata"
export O2C_AUDIT_KEY="${O2C_AUDIT_KEY:-portfolio-audit-key-$(date +%s)}"
URL="http://127.0.0.1:$PORT"
mkdir -p "$OUT"
rm -rf "$O2C_DATA_DIR"
log() { echo "[portfolio-audit $(date -u +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# Peak RSS in MiB of a step, from GNU time's report.
rss() { awk '/Maximum resident set size/ { printf "%d", $NF / 1024 }' "$1"; }

if [ "$BUILD" = 1 ]; then
  log "building"
  npm run build >/dev/null
fi

APP_PID=""
stop_app() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    log "stopping the app ($APP_PID)"
    kill "$APP_PID"
    wait "$APP_PID" 2>/dev/null || true
  fi
}
if [ "$KEEP" = 0 ]; then trap stop_app EXIT; fi

# Every context's decider cache holds the whole portfolio (a stream not cached is read and folded again on its next
# command: at 100,000 accounts and the default 10,000 streams, most commands would), so the heap may grow past the
# default limit: 12 GiB unless O2C_AUDIT_HEAP_MIB says otherwise.
export O2C_STREAM_CACHE_STREAMS="${O2C_STREAM_CACHE_STREAMS:-$((ACCOUNTS + ACCOUNTS / 5 + 1000))}"
HEAP_MIB="${O2C_AUDIT_HEAP_MIB:-12288}"
log "starting apps/o2c on $URL (PostgreSQL in $O2C_DATA_DIR, port $O2C_PG_PORT; caches of $O2C_STREAM_CACHE_STREAMS streams, heap $HEAP_MIB MiB)"
HOST=127.0.0.1 PORT="$PORT" node --max-semi-space-size=64 --max-old-space-size="$HEAP_MIB" scripts/run.js apps/o2c/src/main.js >"$OUT/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 300); do
  curl -sf "$URL/health" >/dev/null 2>&1 && break
  kill -0 "$APP_PID" 2>/dev/null || { log "the app stopped: see $OUT/app.log"; exit 1; }
  sleep 1
done
curl -sf "$URL/health" >/dev/null || { log "the app did not answer /health in 300 s"; exit 1; }

# gen waits while the consumer groups are more than MAX_BEHIND messages behind: the app holds every message some group
# has not committed, and at full size an unpaced gen leaves millions of them (session 14).
MAX_BEHIND="${O2C_AUDIT_MAX_BEHIND:-200000}"
log "npm run gen -- --accounts $ACCOUNTS --invoices $INVOICES --max-behind $MAX_BEHIND"
started=$(now)
/usr/bin/time -v node scripts/run.js scripts/gen/main.js --accounts "$ACCOUNTS" --invoices "$INVOICES" --target "$URL" --no-progress --max-behind "$MAX_BEHIND" >"$OUT/gen.out" 2>"$OUT/gen.log"
GEN_SECONDS=$(elapsed "$started")
tail -n 1 "$OUT/gen.out" >"$OUT/gen.json"

# The views, relays and consumers catch up after the last message is accepted: wait until every consumer group has
# committed every message (behind 0 in /health; null, no answer, is not caught up) and the store's head and every
# projection's and relay's checkpoint stay the same over 10 s (a view whose events stopped earlier keeps its checkpoint).
log "waiting for every consumer group, view and relay to catch up"
started=$(now)
previous=""
while :; do
  # One /health that fails or times out (the app busy) is a poll missed, not the end of the run.
  state=$(curl -sf --max-time 30 "$URL/health" | node -e '
    let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const h = JSON.parse(s);
      const behind = h.host.consumers.filter((c) => c.behind !== 0).map((c) => `${c.groupId}=${c.behind}`);
      console.log([h.store.headPosition, ...h.host.projections.map((p) => p.checkpoint), ...h.host.relays.map((r) => r.checkpoint), "behind:", ...behind].join(" "));
    });' 2>/dev/null) || state=""
  kill -0 "$APP_PID" 2>/dev/null || { log "the app stopped: see $OUT/app.log"; exit 1; }
  if [ -z "$state" ]; then log "no answer from /health; polling again"; previous=""; sleep 10; continue; fi
  if [ "$state" = "$previous" ] && [ "${state##* behind:}" = "" ]; then break; fi
  [ "${state##* behind:}" = "" ] || log "consumer groups behind:${state##* behind:} (app RSS $(($(ps -o rss= -p "$APP_PID") / 1024)) MiB)"
  previous="$state"
  sleep 10
done
CATCH_UP_SECONDS=$(elapsed "$started")
HEAD=${state%% *}
log "views current at position $HEAD"

TOKEN=$(node scripts/run.js scripts/o2c/main.js token --role admin --subject portfolio-audit)
TODAY=$(curl -sf -H "Authorization: Bearer $TOKEN" "$URL/clock" | node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{const c=JSON.parse(s);console.log((c.today ?? c.now).slice(0,10))})')
log "daily dunning run of $TODAY"
started=$(now)
curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "{\"date\":\"$TODAY\"}" "$URL/collections/runs" >"$OUT/dunning-run.json"
RUN_SECONDS=$(elapsed "$started")

o2c() { node scripts/run.js scripts/o2c/main.js "$@"; }
step() {
  local name="$1"; shift
  log "o2c $*"
  local t0; t0=$(now)
  local status=0
  /usr/bin/time -v -o "$OUT/$name.time" node scripts/run.js scripts/o2c/main.js "$@" >"$OUT/$name.out" 2>"$OUT/$name.log" || status=$?
  tail -n 1 "$OUT/$name.out" >"$OUT/$name.json"
  eval "${name}_SECONDS=$(elapsed "$t0")"
  eval "${name}_RSS=$(rss "$OUT/$name.time")"
  eval "${name}_STATUS=$status"
}
o2c audit checkpoint >"$OUT/checkpoint.json"
step verify audit verify --json --no-progress
step replay replay all --json --no-progress
# gen replays a year in minutes: collections records every case event on the day of the run, so a window before it
# holds nothing to decide. The window starts at that day (its recorded run) and runs 60 days on: the candidate's
# daily runs over every account, against the policy that ran.
TO=$(node -e 'const d=new Date(process.argv[1]+"T00:00:00Z");d.setUTCDate(d.getUTCDate()+60);console.log(d.toISOString().slice(0,10))' "$TODAY")
step backtest backtest --policy scripts/o2c/examples/standard-b2b-later-letter.json --from "$TODAY" --to "$TO" --json --no-progress

node -e '
  const fs = require("node:fs");
  const [out, accounts, invoices, head, gen, catchUp, run, vS, vR, vX, rS, rR, rX, bS, bR, bX] = process.argv.slice(1);
  const json = (f) => { try { return JSON.parse(fs.readFileSync(`${out}/${f}`, "utf8")); } catch { return null; } };
  const verify = json("verify.json"), replay = json("replay.json"), backtest = json("backtest.json");
  const summary = {
    portfolio: { accounts: +accounts, invoices: +invoices, storeEvents: +head },
    genSeconds: +gen, catchUpSeconds: +catchUp, dunningRunSeconds: +run,
    verify: verify && { seconds: +vS, maxRssMiB: +vR, exit: +vX, eventsVerified: verify.eventsVerified, perSec: verify.perSec, problems: verify.problems.length, checkpointsVerified: verify.checkpointsVerified },
    replay: replay && { seconds: +rS, maxRssMiB: +rR, exit: +rX, events: replay.events, perSec: replay.perSec, checksumsEqual: replay.checksumsEqual, views: replay.views.length },
    backtest: backtest && { seconds: +bS, maxRssMiB: +bR, exit: +bX, from: backtest.from, to: backtest.to, accounts: backtest.accounts, accountsWithDifferences: backtest.accountsWithDifferences, contactsActual: backtest.actual.contactsByChannel, contactsCandidate: backtest.candidate.contactsByChannel },
    loadAverage: require("node:os").loadavg().map((l) => +l.toFixed(2)),
  };
  fs.writeFileSync(`${out}/summary.json`, JSON.stringify(summary) + "\n");
  console.log(JSON.stringify(summary));
' "$OUT" "$ACCOUNTS" "$INVOICES" "$HEAD" "$GEN_SECONDS" "$CATCH_UP_SECONDS" "$RUN_SECONDS" \
  "$verify_SECONDS" "$verify_RSS" "$verify_STATUS" "$replay_SECONDS" "$replay_RSS" "$replay_STATUS" "$backtest_SECONDS" "$backtest_RSS" "$backtest_STATUS"
if [ "$KEEP" = 1 ]; then log "the app keeps running (pid $APP_PID): kill $APP_PID"; fi
