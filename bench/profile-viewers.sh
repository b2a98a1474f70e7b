#!/usr/bin/env bash
# Where one Headwater's CPU goes while it serves M simulated viewers on 10 real-time streams:
# per thread group (bench/thread-cpu.sh) and per frame (perf record -g with the JVM's perf map),
# over 15 s of the viewer run.
#
#   bench/profile-viewers.sh [M]                 # default 2000 viewers
#   ORIGIN_JAR=/path/origin.jar bench/profile-viewers.sh 500
#
# Writes bench/target/profile/viewers<M>-<time>/{view.txt,threads.txt,perf-threads-dso.txt,perf-sym.txt,perf-callers.txt}: the
# ViewerSimulator RESULT line, the threads' CPU, perf's share per thread and DSO, its top
# symbols and their callers. Needs perf (linux-perf) and the input of bench/run-side-by-side.sh.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
m=${1:-2000}
out="$root/bench/target/profile/viewers$m-$(date -u +%Y%m%dT%H%M%SZ)"
. "$root/bench/profile-origin.sh"
playlist="http://127.0.0.1:$http/live/{stream}/ts/index.m3u8"

java -cp "$bench" io.headwater.bench.load.LoadPublisher --rtmp "rtmp://127.0.0.1:$rtmp/live" \
  --streams 10 --file "$input" --seconds 50 --warmup 10 --threads 2 --playlist "$playlist" \
  --server-pid "$pid" --label headwater > "$out/publish.txt" 2>"$out/load.log" &
load=$!
sleep 12 # a few segments in every playlist
java -cp "$bench" io.headwater.bench.load.ViewerSimulator --playlist "$playlist" --streams 10 \
  --viewers "$m" --seconds 20 --threads 2 --label headwater > "$out/view.txt" 2>>"$out/load.log" &
view=$!
sleep 3
"$root/bench/thread-cpu.sh" "$pid" 15 > "$out/threads.txt" &
threads=$!
perf record -F 499 -g -p "$pid" -o "$out/perf.data" -- sleep 15 2> "$out/perf-record.log"
jcmd "$pid" Compiler.perfmap > /dev/null # /tmp/perf-PID.map: names of JIT-compiled code
wait "$threads" || true
wait "$view" || true
wait "$load" || true
# (set +o pipefail: head closes the pipe early, and perf's SIGPIPE is not a failure here)
set +o pipefail
perf report -i "$out/perf.data" --no-children --sort comm,dso --stdio -g none 2>/dev/null \
  | grep -v '^#' | grep -v '^$' | head -40 > "$out/perf-threads-dso.txt"
perf report -i "$out/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null \
  | grep -v '^#' | grep -v '^$' | head -60 > "$out/perf-sym.txt"
perf report -i "$out/perf.data" --no-children --sort sym --stdio -G 2>/dev/null \
  | grep -v '^$' | head -300 > "$out/perf-callers.txt"
rm -f "/tmp/perf-$pid.map"
grep '^RESULT' "$out/view.txt" || true
echo "$out"
