#!/usr/bin/env bash
# wrk against a live playlist and a live segment of the origin, side by side with nginx serving
# the same bytes as static files, at 50 and 500 connections; prints a Markdown table of medians.
# Needs: wrk and nginx (Debian packages), a built origin.jar. Usage:
#   bench/wrk-origin-vs-nginx.sh [path/to/origin.jar] [seconds per run] [repetitions]
# KINDS="segment" or CONNS="50" (environment) measure only those lines; JAVA_OPTS adds JVM flags.
# SEGMENT_FILES=DIR (a tmpfs, e.g. /dev/shm/hw-bench) starts a second origin with
# --segment-files DIR, measured in the same repetitions ("origin-files"): sendfile from one
# page-cache file per segment instead of a writev from memory; that needs an origin.jar built
# from commit 86fb59f, where the option existed (bench/README.md: not kept). At the end, each
# origin's heap after a full GC (jcmd GC.heap_info) with its demo stream running.
# Each repetition runs origin and nginx back to back on the same bytes, alternating which goes
# first; the table shows the median over the repetitions of requests/s, p99 latency and CPU time
# the server process(es) spent per request (utime+stime from /proc, the origin's idle CPU taken
# off: on a shared machine the least noisy of the three), the CPU wrk itself spent per request
# (bash `times`: on loopback the client's cost depends on the server's sending path and shares
# the two cores), and the ratio origin/nginx of the medians. wrk, both servers and the origin's
# demo stream share the machine.
set -euo pipefail
JAR=${1:-http-origin/target/origin.jar}
SECS=${2:-10}
REPS=${3:-5}
KINDS=${KINDS:-playlist segment}; CONNS=${CONNS:-50 500}
HTTP=${HTTP_PORT:-28180}; RTMP=${RTMP_PORT:-28135}; STATIC=${STATIC_PORT:-28181}
WORK=$(mktemp -d)
ORIGIN_PID=""; FILES_PID=""; NGINX_PID=""
trap 'kill $ORIGIN_PID $FILES_PID $NGINX_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
TICK=$(getconf CLK_TCK)

java -Xmx512m ${JAVA_OPTS:-} -jar "$JAR" --demo --no-access-log --bind 127.0.0.1 --http-port $HTTP \
  --rtmp-port $RTMP --data-dir "$WORK/data" >"$WORK/origin.log" 2>&1 &
ORIGIN_PID=$!
SERVERS="origin"
if [ -n "${SEGMENT_FILES:-}" ]; then
  java -Xmx512m ${JAVA_OPTS:-} -jar "$JAR" --demo --no-access-log --bind 127.0.0.1 \
    --http-port $((HTTP + 2)) --rtmp-port $((RTMP + 2)) --data-dir "$WORK/data-files" \
    --segment-files "$SEGMENT_FILES" >"$WORK/origin-files.log" 2>&1 &
  FILES_PID=$!
  SERVERS="origin origin-files"
fi
pid_of() { case $1 in origin) echo $ORIGIN_PID ;; origin-files) echo $FILES_PID ;; nginx) echo $NGINX_PID ;; esac; }
port_of() { case $1 in origin) echo $HTTP ;; origin-files) echo $((HTTP + 2)) ;; esac; }
PL=http://127.0.0.1:$HTTP/live/demo/ts/index.m3u8
for s in $SERVERS; do
  for _ in $(seq 100); do
    [ "$(curl -sf "http://127.0.0.1:$(port_of $s)/live/demo/ts/index.m3u8" | grep -c '\.ts$' || true)" -ge 6 ] && break
    sleep 0.3
  done
done

mkdir -p "$WORK/www" "$WORK/cache"
USER_LINE=""; [ "$(id -u)" = 0 ] && USER_LINE="user root;"  # workers must read $WORK
cat >"$WORK/nginx.conf" <<NGX
$USER_LINE
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  open_file_cache max=100 inactive=60s;
  client_body_temp_path $WORK/cache/c; proxy_temp_path $WORK/cache/p;
  fastcgi_temp_path $WORK/cache/f; uwsgi_temp_path $WORK/cache/u; scgi_temp_path $WORK/cache/s;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server { listen 127.0.0.1:$STATIC; root $WORK/www; }
}
NGX
/usr/sbin/nginx -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/nginx-startup.log" -g 'daemon off;' &
NGINX_PID=$!
for _ in $(seq 50); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$STATIC/" || true)" != 000 ] && break
  sleep 0.1
done

cpu_ticks() {  # utime+stime of a process and its children (nginx workers)
  local total=0 p
  for p in "$@" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo $total
}

run() {  # server-pid url connections -> "rps p99_ms cpu_us_per_request wrk_cpu_us_per_request"
  local before after out idle=0  # and notes the server's RSS mid-run
  [ "$1" = "$ORIGIN_PID" ] && idle=$((IDLE_TICKS_5S * SECS / 5))
  [ -n "$FILES_PID" ] && [ "$1" = "$FILES_PID" ] && idle=$((FILES_IDLE_TICKS_5S * SECS / 5))
  before=$(cpu_ticks "$1")
  # `times` in the subshell: the user and system CPU of its only child, wrk
  (wrk -t2 -c"$3" -d"${SECS}s" --latency "$2" >"$WORK/wrk.out"; times >"$WORK/wrk.cpu") &
  local wrk_pid=$!
  sleep $((SECS / 2))
  awk '/VmRSS/ {print $2}' "/proc/$1/status" >>"$WORK/rss-$1-$3"
  wait $wrk_pid
  out=$(cat "$WORK/wrk.out")
  after=$(cpu_ticks "$1")
  grep -q "Non-2xx" <<<"$out" && echo "WARNING: non-2xx answers from $2: $(grep Non-2xx <<<"$out")" >&2
  awk -v ticks=$((after - before - idle)) -v hz="$TICK" -v client="$(tail -1 "$WORK/wrk.cpu")" '
    function secs(t,  m) { m = t; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", t); sub(/s$/, "", t); return m * 60 + t }
    /Requests\/sec/ {rps = $2}
    /requests in/ {n = $1}
    $1 == "99%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                 p99 = u == "us" ? v / 1000 : u == "s" ? v * 1000 : v}
    END {split(client, c, " ");
         printf "%.0f %.1f %.1f %.1f\n", rps, p99, ticks / hz * 1e6 / n, (secs(c[1]) + secs(c[2])) * 1e6 / n}' <<<"$out"
}

median() { sort -g | awk '{a[NR] = $1} END {print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# Warm-up: until the JIT compilers are quiet (under 0.2 s of compiling in 10 s of load, at most
# two minutes), since on a busy 2-core machine C2 can still be compiling the request path a
# minute after start, and its CPU would count against the origin.
jit_ticks() {
  local t=0 f
  for f in /proc/$1/task/*; do
    case "$(cat "$f/comm" 2>/dev/null)" in
      C1*|C2*) t=$((t + $(awk '{print $14 + $15}' "$f/stat" 2>/dev/null || echo 0))) ;;
    esac
  done
  echo $t
}
for s in $SERVERS; do
  base=http://127.0.0.1:$(port_of $s)/live/demo/ts
  for i in $(seq 12); do
    before=$(jit_ticks "$(pid_of $s)")
    SEG=$(curl -sf "$base/index.m3u8" | grep '\.ts$' | tail -1)
    wrk -t2 -c50 -d5s "$base/index.m3u8" >/dev/null
    wrk -t2 -c50 -d5s "$base/$SEG" >/dev/null
    compiled=$(($(jit_ticks "$(pid_of $s)") - before))
    echo "$s warm-up $i: JIT compiled for $((compiled * 10)) ms of 10 s" >&2
    [ $compiled -lt 20 ] && break
  done
done
# The origin's idle CPU (the demo publisher packaging its stream) is subtracted from its runs.
before=$(cpu_ticks $ORIGIN_PID); sleep 5; IDLE_TICKS_5S=$(($(cpu_ticks $ORIGIN_PID) - before))
echo "origin idle: $((IDLE_TICKS_5S * 2)) ms CPU per s" >&2
if [ -n "$FILES_PID" ]; then
  before=$(cpu_ticks $FILES_PID); sleep 5; FILES_IDLE_TICKS_5S=$(($(cpu_ticks $FILES_PID) - before))
  echo "origin-files idle: $((FILES_IDLE_TICKS_5S * 2)) ms CPU per s" >&2
fi

origin_url() {  # server kind -> the playlist, or the segment nginx has (the newest: in memory
  # through the run); origin-files has a demo stream of its own: its newest segment, of about the
  # same size
  local base=http://127.0.0.1:$(port_of $1)/live/demo/ts
  if [ "$2" = playlist ]; then echo "$base/index.m3u8"; return; fi
  if [ "$1" = origin ]; then echo "$base/$SEG"; return; fi
  echo "$base/$(curl -sf "$base/index.m3u8" | grep '\.ts$' | tail -1)"
}

RESULTS="$WORK/results"
: >"$RESULTS"
for c in $CONNS; do
  for rep in $(seq "$REPS"); do
    for kind in $KINDS; do
      # fresh bytes for each repetition: the newest segment stays in memory for the whole run.
      # New names each time: rewriting a file in place behind open_file_cache makes nginx send
      # the old length and cut the response short ("sendfile() reported ... truncated").
      P=index-$c-$rep.m3u8; S=seg-$c-$rep.ts
      curl -sf "$PL" -o "$WORK/www/$P"
      SEG=$(grep '\.ts$' "$WORK/www/$P" | tail -1)
      curl -sf "http://127.0.0.1:$HTTP/live/demo/ts/$SEG" -o "$WORK/www/$S"
      if [ $kind = playlist ]; then
        N=http://127.0.0.1:$STATIC/$P; SIZE=$(stat -c %s "$WORK/www/$P")
      else
        N=http://127.0.0.1:$STATIC/$S; SIZE=$(stat -c %s "$WORK/www/$S")
      fi
      # each repetition starts with the next server in turn: origin, [origin-files,] nginx
      order=($SERVERS nginx); line=""
      for k in $(seq 0 $((${#order[@]} - 1))); do
        s=${order[$(((rep - 1 + k) % ${#order[@]}))]}
        if [ $s = nginx ]; then r=$(run $NGINX_PID "$N" $c); else r=$(run "$(pid_of $s)" "$(origin_url $s $kind)" $c); fi
        echo "$kind $c $SIZE $s $r" >>"$RESULTS"
        line="$line | $s $r"
      done
      echo "rep $rep $kind c=$c ($SIZE B)$line (rps p99ms cpu-us/req wrk-cpu-us/req), load $(cut -d' ' -f1 /proc/loadavg)" >&2
    done
  done
done

col() { awk -v k="$1" -v c="$2" -v s="$3" -v f="$4" '$1 == k && $2 == c && $4 == s {print $f}' "$RESULTS" | median; }
echo "| object | connections | server | requests/s | p99 ms | CPU µs/request | wrk CPU µs/request | requests/s origin/nginx |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for c in $CONNS; do
  for kind in $KINDS; do
    size=$(awk -v k=$kind -v c=$c '$1 == k && $2 == c {print $3}' "$RESULTS" | median)
    rn=$(col $kind $c nginx 5); label="$kind (~$size B)"
    for s in $SERVERS; do
      ro=$(col $kind $c $s 5)
      echo "| $label | $c | $s | $ro | $(col $kind $c $s 6) | $(col $kind $c $s 7) | $(col $kind $c $s 8) | $(awk -v a="$ro" -v b="$rn" 'BEGIN {printf "%.2f×", a / b}') |"
      label=""
    done
    echo "| | $c | nginx | $rn | $(col $kind $c nginx 6) | $(col $kind $c nginx 7) | $(col $kind $c nginx 8) | |"
  done
done
echo
LASTC=${CONNS##* }
echo "medians of $REPS repetitions of ${SECS}s. Origin resident memory (java -Xmx512m) in the" \
  "middle of its $LASTC-connection runs: median $(median <"$WORK/rss-$ORIGIN_PID-$LASTC" | awk '{print int($1 / 1024)}') MB," \
  "max $(sort -n "$WORK/rss-$ORIGIN_PID-$LASTC" | tail -1 | awk '{print int($1 / 1024)}') MB;" \
  "peak over the run $(awk '/VmHWM/ {print int($2 / 1024)}' /proc/$ORIGIN_PID/status) MB." \
  "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
if [ -n "$FILES_PID" ]; then
  echo "origin-files resident memory in the middle of its $LASTC-connection runs: median" \
    "$(median <"$WORK/rss-$FILES_PID-$LASTC" | awk '{print int($1 / 1024)}') MB, peak over the run" \
    "$(awk '/VmHWM/ {print int($2 / 1024)}' /proc/$FILES_PID/status) MB; its segment files:" \
    "$(du -sk "$SEGMENT_FILES" | cut -f1) KB in $SEGMENT_FILES."
fi
for s in $SERVERS; do  # heap held with the demo stream live, after a full collection
  jcmd "$(pid_of $s)" GC.run >/dev/null
  echo "$s heap after a full GC: $(jcmd "$(pid_of $s)" GC.heap_info | awk '/garbage-first heap|ZHeap|used/ {print; exit}' | sed 's/^ *//')"
done
