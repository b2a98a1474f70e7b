#!/usr/bin/env bash
# Ingest to availability, measured from outside: for Headwater (low latency off: the MPEG-TS
# playlist; low latency on: the CMAF video playlist's parts and segments) and nginx-rtmp (HLS,
# 2 s fragments), in one run, one after the other: ffmpeg publishes a live test pattern (-re,
# libx264 zerolatency, 1 s GOP) through IngestAvailabilityProbe's relay, which times each video
# frame's arrival at the server, while the probe times each segment's (part's) listing and
# fetch over HTTP; it prints the distribution of listing (and fetch) time minus the arrival of
# the frame that completed the segment (part).
#
#   bench/availability-side-by-side.sh                         # builds, 60 s per server
#   SKIP_BUILD=1 SECONDS_PER_RUN=20 bench/availability-side-by-side.sh
#   RUNS="nginx headwater-ll-on" ... POLL_US=500 ...           # a subset, another poll interval
#
# Results: RESULT lines in bench/target/availability/results-<time>.txt (per-listing CSVs next
# to it) and a table on stdout. Needs Debian's nginx + libnginx-mod-rtmp and Java 17 + Maven.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-"headwater-ll-off headwater-ll-on nginx"}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
POLL_US=${POLL_US:-1000}
PART_TARGET=${PART_TARGET:-340ms}
HW_JAVA_OPTS=${HW_JAVA_OPTS:-"-Xmx512m"}
out="$root/bench/target/availability"
mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$out/results-$stamp.txt"
# Under bench/target, not /tmp, where other tools' clean-ups of /tmp/headwater-* cannot reach it.
work=$(mktemp -d "$out/work.XXXXXX")
chmod 755 "$work" # nginx workers (www-data) write HLS under it
server_pid=""
probe_pid=""

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

stop_pid() { # $1 pid: TERM, wait up to 20 s, then KILL
  if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
    kill "$1"
    for _ in $(seq 200); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$1" 2>/dev/null && kill -9 "$1"
    wait "$1" 2>/dev/null || true
  fi
}

cleanup() {
  stop_pid "$probe_pid"
  stop_pid "$server_pid"
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -f /usr/lib/nginx/modules/ngx_rtmp_module.so ]; then
  echo "needs nginx and libnginx-mod-rtmp (apt-get install nginx libnginx-mod-rtmp)" >&2
  exit 1
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building origin.jar and bench/target/benchmarks.jar"
  (cd "$root" && mvn -B -q -o -pl http-origin -am package -DskipTests \
    && mvn -B -q -o -Pbench -pl bench -am package -DskipTests)
fi
origin=${ORIGIN_JAR:-"$root/http-origin/target/origin.jar"}
bench="$root/bench/target/benchmarks.jar"

# --- the bundled ffmpeg (org.bytedeco), as bench/run-side-by-side.sh finds it ----------------
ffdir=${FFMPEG_DIR:-}
if [ -z "$ffdir" ]; then
  jar="$HOME/.m2/repository/org/bytedeco/ffmpeg/7.1-1.5.11/ffmpeg-7.1-1.5.11-linux-x86_64-gpl.jar"
  (cd "$work" && unzip -q -o "$jar" 'org/bytedeco/ffmpeg/linux-x86_64-gpl/*')
  ffdir="$work/org/bytedeco/ffmpeg/linux-x86_64-gpl"
  chmod +x "$ffdir/ffmpeg"
fi

free_port() { # below Linux's ephemeral range (32768-60999), which outgoing connections use
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    if ! ss -ltn "( sport = :$p )" | grep -q ":$p"; then echo "$p"; return; fi
  done
}

wait_port() { # $1 port, $2 pid of the process that should listen there
  for _ in $(seq 600); do # up to 60 s: a JVM starts slowly on a loaded machine
    if ss -ltn "( sport = :$1 )" | grep -q ":$1"; then return 0; fi
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  return 1
}

start_server() { # $1 run name: up to 3 tries, on fresh ports (another process may take one)
  local try
  for try in 1 2 3; do
    if start_server_once "$1"; then return 0; fi
    log "$1 did not start (try $try):"
    tail -n 20 "$work/$1/stdout.log" "$work/$1/error.log" >&2 2>/dev/null || true
    stop_pid "$server_pid"
    server_pid=""
    rm -rf "${work:?}/$1"
  done
  return 1
}

start_server_once() { # $1 run name; sets server_pid, rtmp_port, playlist, mode
  rtmp_port=$(free_port)
  http_port=$(free_port)
  local dir="$work/$1"
  mkdir -p "$dir"
  case "$1" in
    nginx)
      sed -e "s#@PREFIX@#$dir#g" -e "s#@RTMP_PORT@#$rtmp_port#g" -e "s#@HTTP_PORT@#$http_port#g" \
        "$root/bench/nginx-rtmp/nginx.conf.template" > "$dir/nginx.conf"
      nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g "daemon off;" \
        > "$dir/stdout.log" 2>&1 &
      server_pid=$!
      playlist="http://127.0.0.1:$http_port/hls/s.m3u8"
      mode=poll
      ;;
    headwater-ll-off | headwater-ll-on)
      local ll=false
      playlist="http://127.0.0.1:$http_port/live/s/ts/index.m3u8"
      mode=poll
      if [ "$1" = headwater-ll-on ]; then
        ll=true
        playlist="http://127.0.0.1:$http_port/live/s/v.m3u8"
        mode=blocking
      fi
      printf 'apps:\n  live:\n    lowLatency:\n      enabled: %s\n      partTarget: %s\n' \
        "$ll" "$PART_TARGET" > "$dir/headwater.yaml"
      # shellcheck disable=SC2086
      java $HW_JAVA_OPTS -jar "$origin" --config "$dir/headwater.yaml" --bind 127.0.0.1 \
        --rtmp-port "$rtmp_port" --http-port "$http_port" --data-dir "$dir/data" \
        --no-access-log > "$dir/stdout.log" 2>&1 &
      server_pid=$!
      ;;
    *) echo "unknown run $1" >&2; exit 2 ;;
  esac
  wait_port "$rtmp_port" "$server_pid" && wait_port "$http_port" "$server_pid"
}

measure() { # $1 run name
  local probe_out="$work/$1.probe"
  java -cp "$bench" io.headwater.bench.load.IngestAvailabilityProbe \
    --upstream "127.0.0.1:$rtmp_port" --listen 0 --label "$1" --mode "$mode" \
    --playlist "$playlist" --poll-us "$POLL_US" --seconds $((SECONDS_PER_RUN + 120)) \
    --events "$out/events-$1-$stamp.csv" > "$probe_out" 2> "$work/$1.probe.log" &
  probe_pid=$!
  local relay_port=""
  for _ in $(seq 600); do
    relay_port=$(sed -n 's/^READY relay_port=//p' "$probe_out")
    [ -n "$relay_port" ] && break
    sleep 0.1
  done
  if [ -z "$relay_port" ]; then
    echo "the probe did not start" >&2
    cat "$work/$1.probe.log" >&2
    return 1
  fi
  log "$1: publishing $SECONDS_PER_RUN s through the relay on port $relay_port ($playlist)"
  LD_LIBRARY_PATH="$ffdir" "$ffdir/ffmpeg" -hide_banner -loglevel error -nostdin \
    -re -f lavfi -i "testsrc2=size=640x360:rate=30" \
    -re -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$SECONDS_PER_RUN" \
    -c:v libx264 -preset veryfast -tune zerolatency -g 30 -keyint_min 30 -sc_threshold 0 \
    -pix_fmt yuv420p -b:v 1500k -c:a aac -b:a 128k -ac 2 \
    -f flv "rtmp://127.0.0.1:$relay_port/live/s" || log "$1: ffmpeg exited with $?"
  wait "$probe_pid" || true
  probe_pid=""
  grep -E '^(RESULT|INFO)' "$probe_out" | tee -a "$results"
}

echo "INFO load_average_start=\"$(cut -d' ' -f1-3 /proc/loadavg)\"" | tee -a "$results"
for run in $RUNS; do
  start_server "$run"
  measure "$run"
  stop_pid "$server_pid"
  server_pid=""
done
echo "INFO load_average_end=\"$(cut -d' ' -f1-3 /proc/loadavg)\"" | tee -a "$results"

log "results: $results"
awk -f "$root/bench/availability-table.awk" "$results"
