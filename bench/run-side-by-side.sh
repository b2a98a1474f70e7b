#!/usr/bin/env bash
# Headwater and nginx-rtmp side by side, in one run, on the same input and the same loads:
#   for each N publishers (~2.5 Mbps each, replayed in real time by bench's LoadPublisher):
#     CPU seconds per stream-second, PSS per stream, segment availability delay, late segments;
#   then M viewers (ViewerSimulator) on 10 live streams: p99 request latency and errors.
# Each server is started fresh for each step, by this script, on loopback ports of its own.
#
#   bench/run-side-by-side.sh                      # N="1 10 50 100", M="100 500"
#   NS="1 10" VIEWERS="200" STEP_SECONDS=20 WARMUP=8 bench/run-side-by-side.sh
#   PROFILE=1 bench/run-side-by-side.sh           # keep a JFR profile of Headwater at the largest N
#   HW_JAVA_OPTS="-Xmx2g -XX:+UseG1GC" ...         # another collector or heap for Headwater
#   SKIP_BUILD=1 ORIGIN_JAR=/path/origin.jar ...   # use jars built before (BENCH_JAR: the load tools')
#
# Results: one RESULT line per step in bench/target/side-by-side/results-<time>.txt, and a
# table with the Headwater/nginx ratios on stdout. Needs Debian's nginx + libnginx-mod-rtmp
# (installed with apt-get when missing and running as root) and Java 17 + Maven.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
NS=${NS-"1 10 50 100"} # NS="" skips the publisher steps
VIEWERS=${VIEWERS-"100 500"} # VIEWERS="" skips the viewer runs
# Each step measures the last STEP_SECONDS - WARMUP seconds: a fresh JVM at one stream still
# spends ~1 % of a core in its JIT compilers 100 s after start (bench/thread-cpu.sh), so a short
# warm-up measures compilation, not packaging.
STEP_SECONDS=${STEP_SECONDS:-60}
WARMUP=${WARMUP:-30}
VIEW_SECONDS=${VIEW_SECONDS:-20}
HW_JAVA_OPTS=${HW_JAVA_OPTS:-"-Xmx4g -XX:+UseZGC"}
out="$root/bench/target/side-by-side"
mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$out/results-$stamp.txt"
work=$(mktemp -d /tmp/headwater-bench.XXXXXX)
chmod 755 "$work" # nginx workers (www-data) write HLS and DASH under it
server_pid=""

cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# --- tools -------------------------------------------------------------------------------
if [ ! -f /usr/lib/nginx/modules/ngx_rtmp_module.so ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing nginx and libnginx-mod-rtmp"
    apt-get update -qq && apt-get install -y -qq nginx libnginx-mod-rtmp >/dev/null
  else
    echo "needs nginx and libnginx-mod-rtmp (apt-get install nginx libnginx-mod-rtmp)" >&2
    exit 1
  fi
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building origin.jar and bench/target/benchmarks.jar"
  (cd "$root" && { mvn -B -q -o -Pbench -DskipTests package || mvn -B -q -Pbench -DskipTests package; })
fi
origin=${ORIGIN_JAR:-"$root/http-origin/target/origin.jar"}
bench=${BENCH_JAR:-"$root/bench/target/benchmarks.jar"}

# --- input: ~2.5 Mbps 720p30 H.264 + AAC, 2 s GOP, 20 s, made once --------------------------
input="$root/bench/target/input-2500k.flv"
if [ ! -f "$input" ]; then
  jar="$HOME/.m2/repository/org/bytedeco/ffmpeg/7.1-1.5.11/ffmpeg-7.1-1.5.11-linux-x86_64-gpl.jar"
  (cd "$work" && unzip -q -o "$jar" 'org/bytedeco/ffmpeg/linux-x86_64-gpl/*')
  ffdir="$work/org/bytedeco/ffmpeg/linux-x86_64-gpl"
  chmod +x "$ffdir/ffmpeg"
  log "making $input"
  LD_LIBRARY_PATH="$ffdir" "$ffdir/ffmpeg" -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=20" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=20" \
    -c:v libx264 -preset ultrafast -tune zerolatency -b:v 2400k -minrate 2400k -maxrate 2400k \
    -bufsize 2400k -x264-params nal-hrd=cbr:force-cfr=1 -g 60 -keyint_min 60 -sc_threshold 0 \
    -pix_fmt yuv420p -c:a aac -b:a 128k -ac 2 -f flv "$input"
fi

# --- servers -------------------------------------------------------------------------------
free_port() { # below Linux's ephemeral range (32768-60999), which outgoing connections use
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    if ! ss -ltn "( sport = :$p )" | grep -q ":$p"; then echo "$p"; return; fi
  done
}

wait_port() {
  for _ in $(seq 600); do # up to 60 s: a JVM starts slowly on a loaded machine
    if ss -ltn "( sport = :$1 )" | grep -q ":$1"; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  return 1
}

start_server() { # $1 = nginx | headwater: up to 3 tries, on fresh ports (another process may
  # take a port between the check and the bind)
  for try in 1 2 3; do
    if start_server_once "$1"; then return 0; fi
    log "$1 did not start (try $try):"
    tail -n 20 "$server_dir/stdout.log" "$server_dir/error.log" >&2 2>/dev/null || true
    stop_server
  done
  return 1
}

start_server_once() { # $1 = nginx | headwater; sets server_pid, rtmp_port, http_port, playlist
  rtmp_port=$(free_port)
  http_port=$(free_port)
  local dir="$work/$1-$rtmp_port"
  server_dir=$dir
  mkdir -p "$dir"
  if [ "$1" = nginx ]; then
    sed -e "s#@PREFIX@#$dir#g" -e "s#@RTMP_PORT@#$rtmp_port#g" -e "s#@HTTP_PORT@#$http_port#g" \
      "$root/bench/nginx-rtmp/nginx.conf.template" > "$dir/nginx.conf"
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g "daemon off;" \
      > "$dir/stdout.log" 2>&1 &
    server_pid=$!
    playlist="http://127.0.0.1:$http_port/hls/{stream}.m3u8"
  else
    # shellcheck disable=SC2086
    java $HW_JAVA_OPTS ${JFR_OPTS:-} -jar "$origin" --bind 127.0.0.1 --rtmp-port "$rtmp_port" \
      --http-port "$http_port" --data-dir "$dir/data" --no-access-log > "$dir/stdout.log" 2>&1 &
    server_pid=$!
    playlist="http://127.0.0.1:$http_port/live/{stream}/ts/index.m3u8"
  fi
  wait_port "$rtmp_port" && wait_port "$http_port"
}

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    for _ in $(seq 200); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    # A JVM out of heap can spend minutes in GC on its way out.
    kill -0 "$server_pid" 2>/dev/null && kill -9 "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

publish() { # $1 server, $2 N, $3 seconds; prints the RESULT line
  java -cp "$bench" io.headwater.bench.load.LoadPublisher --rtmp "rtmp://127.0.0.1:$rtmp_port/live" \
    --streams "$2" --file "$input" --seconds "$3" --warmup "$WARMUP" --threads 2 \
    --playlist "$playlist" --server-pid "$server_pid" --label "$1" \
    > "$work/publish.out" 2>>"$work/load.log" || true
  if ! grep '^RESULT' "$work/publish.out"; then
    echo "LoadPublisher against $1 gave no result:" >&2
    tail -n 20 "$work/publish.out" "$work/load.log" >&2
    return 1
  fi
}

to_kb() { # "123456K," "96M" "1G" -> kB
  local v=${1%,}
  case "$v" in
    *K) echo "${v%K}" ;;
    *M) echo $(( ${v%M} * 1024 )) ;;
    *G) echo $(( ${v%G} * 1048576 )) ;;
    *) echo $(( v / 1024 )) ;;
  esac
}

heap_used_kb() { # heap in use after a full GC, in kB; nothing when jcmd cannot attach
  local used
  # The attach can take longer than its 10 s default on a loaded machine.
  jcmd -J-Dsun.tools.attach.attachTimeout=60000 "$server_pid" GC.run >/dev/null 2>&1 || return 0
  used=$(jcmd -J-Dsun.tools.attach.attachTimeout=60000 "$server_pid" GC.heap_info 2>/dev/null \
    | awk '{ for (i = 1; i < NF; i++) if ($i == "used") { print $(i + 1); exit } }')
  [ -n "$used" ] && to_kb "$used"
}

live_heap() { # $1 N, $2 idle kB: the heap the N streams hold, measured while they still exist
  local used
  used=$(heap_used_kb)
  [ -n "$used" ] || return 0
  echo "RESULT step=heap label=headwater streams=$1 live_heap_kb=$used idle_heap_kb=${2:-0}" \
    "live_heap_kb_per_stream=$(( (used - ${2:-0}) / $1 ))"
}

gc_pauses() { # $1 N, $2 JFR file: GC pause percentiles of the step (jdk.GCPhasePause)
  [ -s "$2" ] || return 0
  jfr print --events jdk.GCPhasePause "$2" | awk '/duration =/ {
      v = $3; if ($4 == "s") v *= 1000; if ($4 == "us") v /= 1000; if ($4 == "ns") v /= 1000000
      print v }' | sort -n | awk -v n="$1" '{ a[NR] = $1; s += $1 } END {
      if (NR == 0) exit
      printf "RESULT step=gc label=headwater streams=%s pauses=%d pause_total_ms=%.1f" \
        " pause_p50_ms=%.2f pause_p99_ms=%.2f pause_max_ms=%.2f\n", n, NR, s, a[int(NR / 2) + 1], \
        a[int(NR * 0.99) + 1], a[NR] }'
}

# --- publishers ----------------------------------------------------------------------------
largest=$(echo $NS | tr ' ' '\n' | sort -n | tail -1)
for n in $NS; do
  for server in nginx headwater; do
    JFR_OPTS=""
    jfr_file=""
    if [ "$server" = headwater ]; then
      # A recording per step for its GC pauses (bench/jfr-gc-pauses.jfc: GC events only, so that
      # the recorder's thread sampling is not counted as Headwater's CPU); the profile settings
      # at the largest N with PROFILE=1.
      settings="$root/bench/jfr-gc-pauses.jfc"
      if [ "${PROFILE:-0}" = 1 ] && [ "$n" = "$largest" ]; then settings=profile; fi
      jfr_file="$out/headwater-n$n-$stamp.jfr"
      JFR_OPTS="-XX:StartFlightRecording=filename=$jfr_file,settings=$settings,dumponexit=true"
    fi
    start_server "$server"
    idle_heap=""
    if [ "$server" = headwater ]; then idle_heap=$(heap_used_kb); fi
    log "$server: $n publishers for $STEP_SECONDS s"
    publish "$server" "$n" "$STEP_SECONDS" | sed "s/^RESULT /RESULT step=publish /" | tee -a "$results"
    if [ "$server" = headwater ]; then
      live_heap "$n" "$idle_heap" | tee -a "$results"
    fi
    stop_server
    if [ -n "$jfr_file" ]; then
      gc_pauses "$n" "$jfr_file" | tee -a "$results"
      if [ "$settings" != profile ]; then rm -f "$jfr_file"; fi
    fi
  done
done

# --- viewers on 10 live streams ------------------------------------------------------------
for server in nginx headwater; do
  [ -n "$VIEWERS" ] || break
  JFR_OPTS=""
  start_server "$server"
  total=0
  for m in $VIEWERS; do total=$((total + VIEW_SECONDS + 2)); done
  publish "$server" 10 $((total + 14)) > "$work/viewer-publish.txt" &
  loader=$!
  sleep 12
  for m in $VIEWERS; do
    log "$server: $m viewers for $VIEW_SECONDS s"
    java -cp "$bench" io.headwater.bench.load.ViewerSimulator --playlist "$playlist" --streams 10 \
      --viewers "$m" --seconds "$VIEW_SECONDS" --threads "${VIEWER_THREADS:-2}" --label "$server" 2>>"$work/load.log" \
      | grep '^RESULT' | sed "s/^RESULT /RESULT step=view /" | tee -a "$results"
    sleep 2
  done
  wait "$loader" || true
  stop_server
done

# --- table ---------------------------------------------------------------------------------
log "results: $results"
awk -f "$root/bench/side-by-side-table.awk" "$results"
