#!/usr/bin/env bash
# wrk against a live playlist and a live segment of the origin, side by side with nginx serving
# the same bytes as static files, at 50 and 500 connections; prints a Markdown table.
# Needs: wrk and nginx (Debian packages), a built origin.jar. Usage:
#   bench/wrk-origin-vs-nginx.sh [path/to/origin.jar] [seconds per run]
set -euo pipefail
JAR=${1:-http-origin/target/origin.jar}
SECS=${2:-10}
HTTP=28180; RTMP=28135; STATIC=28181
WORK=$(mktemp -d)
trap 'kill $ORIGIN_PID $NGINX_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

java -Xmx512m -jar "$JAR" --demo --no-access-log --bind 127.0.0.1 --http-port $HTTP \
  --rtmp-port $RTMP --data-dir "$WORK/data" >"$WORK/origin.log" 2>&1 &
ORIGIN_PID=$!
PL=http://127.0.0.1:$HTTP/live/demo/ts/index.m3u8
for _ in $(seq 100); do [ "$(curl -sf "$PL" | grep -c '\.ts$')" -ge 6 ] && break; sleep 0.3; done

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
sleep 1

run() {  # label url connections
  local out
  out=$(wrk -t2 -c"$3" -d"${SECS}s" --latency "$2")
  local rps p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  echo "| $1 | $3 | ${rps} | ${p99} | ${non2xx:-0} |"
}

echo "| target | connections | requests/s | p99 latency | non-2xx |"
echo "| --- | --- | --- | --- | --- |"
for c in 50 500; do
  curl -sf "$PL" -o "$WORK/www/index.m3u8"
  run "origin live playlist (ts/index.m3u8, $(stat -c %s "$WORK/www/index.m3u8") B)" "$PL" $c
  run "nginx static copy of it" "http://127.0.0.1:$STATIC/index.m3u8" $c
  SEG=$(curl -sf "$PL" | grep '\.ts$' | tail -1)
  curl -sf "http://127.0.0.1:$HTTP/live/demo/ts/$SEG" -o "$WORK/www/seg.ts"
  run "origin live segment ($(stat -c %s "$WORK/www/seg.ts") B)" \
    "http://127.0.0.1:$HTTP/live/demo/ts/$SEG" $c
  run "nginx static copy of it" "http://127.0.0.1:$STATIC/seg.ts" $c
done
echo
echo "origin RSS after the runs: $(awk '/VmRSS/ {print $2, $3}' /proc/$ORIGIN_PID/status)," \
  "peak: $(awk '/VmHWM/ {print $2, $3}' /proc/$ORIGIN_PID/status) (java -Xmx512m)"
