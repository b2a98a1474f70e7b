#!/bin/bash
# CPU cost of the server-side transcoding ladder per source stream (README: Adaptive bitrate).
# Builds nothing: run `mvn -q -DskipTests package` first. Needs an ffmpeg 6+ (FFMPEG, default:
# the one in the org.bytedeco jar under ~/.m2, extracted by the tests to ~/.javacpp/cache).
#
#   bench/abr-transcode-cpu.sh [SECONDS]
#
# Makes a 30 s 1280x720 30 fps H.264 (3 Mbit/s, 2 s GOP) + AAC test file, starts the origin with
# a three-rung ladder (480p 1200k, 360p 800k, 240p 400k, x264 veryfast), publishes the file in
# real time in a loop, waits 15 s, then reads the transcoder's CPU time from /proc/PID/stat over
# SECONDS (default 60) and its speed from /api/streams. Prints CPU seconds per media second.
set -euo pipefail
SECONDS_TO_MEASURE=${1:-60}
FFMPEG=${FFMPEG:-$(ls ~/.javacpp/cache/*/org/bytedeco/ffmpeg/linux-x86_64-gpl/ffmpeg 2>/dev/null | head -1)}
export LD_LIBRARY_PATH=$(dirname "$FFMPEG")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
RTMP=${RTMP_PORT:-24951}
HTTP=${HTTP_PORT:-24952}
cleanup() {
  kill "$PUB" 2>/dev/null || true; wait "$PUB" 2>/dev/null || true
  kill "$ORIGIN" 2>/dev/null || true; wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$FFMPEG" -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=30 \
  -f lavfi -i sine=frequency=440:sample_rate=48000 -t 30 -c:v libx264 -preset veryfast -b:v 3M \
  -g 60 -keyint_min 60 -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 128k -ac 2 "$WORK/src720.flv"
cat > "$WORK/headwater.yaml" <<YAML
apps:
  live:
    transcode:
      ffmpeg: $FFMPEG
      ladder:
        - { height: 480, bitrate: 1200k }
        - { height: 360, bitrate: 800k }
        - { height: 240, bitrate: 400k }
YAML
java -jar "$ROOT/http-origin/target/origin.jar" --config "$WORK/headwater.yaml" --bind 127.0.0.1 \
  --rtmp-port "$RTMP" --http-port "$HTTP" --no-access-log --log-level warn &
ORIGIN=$!
sleep 5
"$FFMPEG" -hide_banner -loglevel fatal -re -stream_loop -1 -i "$WORK/src720.flv" -c copy -f flv \
  "rtmp://127.0.0.1:$RTMP/live/cam1" &
PUB=$!
sleep 15
api() { curl -s "http://127.0.0.1:$HTTP/api/streams/live/cam1"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['abr']['transcoder']['$1'])"; }
PID=$(api | field pid)
ticks() { awk '{ sub(/.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "/proc/$PID/stat"; }
T0=$(ticks); W0=$(date +%s.%N)
SPEEDS=()
for _ in $(seq 1 $((SECONDS_TO_MEASURE / 5))); do sleep 5; SPEEDS+=("$(api | field speed)"); done
T1=$(ticks); W1=$(date +%s.%N)
python3 - "$T0" "$T1" "$W0" "$W1" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" "${SPEEDS[@]}" <<'PY'
import statistics, sys
t0, t1, w0, w1 = (float(x) for x in sys.argv[1:5])
cores, load = sys.argv[5], sys.argv[6]
speeds = [float(s) for s in sys.argv[7:]]
cpu = (t1 - t0) / 100.0
wall = w1 - w0
speed = statistics.median(speeds)
print(f"cores={cores} load1={load} wall={wall:.1f}s transcoder_cpu={cpu:.1f}s "
      f"cpu_percent={100 * cpu / wall:.0f} speed_median={speed:.2f} "
      f"cpu_seconds_per_media_second={cpu / (wall * speed):.2f}")
PY
