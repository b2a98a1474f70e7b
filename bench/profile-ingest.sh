#!/usr/bin/env bash
# Where one Headwater's CPU goes under N real-time publishers: per thread group
# (bench/thread-cpu.sh) and per frame, kernel and JIT-compiled Java alike (perf record -g, with
# the JVM's perf map for compiled methods), over the same interval after a warm-up.
#
#   bench/profile-ingest.sh N [SECONDS]          # default 60 s, the last half profiled
#   HW_JAVA_OPTS="-Xmx2g -XX:+UseG1GC" ORIGIN_JAR=/path/origin.jar bench/profile-ingest.sh 50
#   PERF=0 bench/profile-ingest.sh 10            # thread CPU only (no perf overhead)
#
# Writes bench/target/profile/n<N>-<time>/{threads.txt,perf-*.txt,result.txt}: the threads'
# CPU, perf's share per thread group and DSO (kernel, [JIT] Java, libjvm), its top symbols and
# their callers, and the RESULT line of
# LoadPublisher (CPU s per stream-second, measured over the same half; perf's own overhead is
# in it when PERF=1). Needs perf (linux-perf) and the input of bench/run-side-by-side.sh.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:?N publishers}
seconds=${2:-60}
warmup=$((seconds / 2))
out="$root/bench/target/profile/n$n-$(date -u +%Y%m%dT%H%M%SZ)"
. "$root/bench/profile-origin.sh"

java -cp "$bench" io.headwater.bench.load.LoadPublisher --rtmp "rtmp://127.0.0.1:$rtmp/live" \
  --streams "$n" --file "$input" --seconds "$seconds" --warmup "$warmup" --threads 2 \
  --playlist "http://127.0.0.1:$http/live/{stream}/ts/index.m3u8" --server-pid "$pid" \
  --label headwater > "$out/result.txt" 2>"$out/load.log" &
load=$!
sleep "$warmup"
span=$((seconds - warmup - 2))
"$root/bench/thread-cpu.sh" "$pid" "$span" > "$out/threads.txt" &
threads=$!
if [ "${PERF:-1}" = 1 ]; then
  perf record -F 499 -g -p "$pid" -o "$out/perf.data" -- sleep "$span" 2> "$out/perf-record.log"
  jcmd "$pid" Compiler.perfmap > /dev/null # /tmp/perf-PID.map: names of JIT-compiled code
fi
wait "$threads" || true
wait "$load" || true
set +o pipefail # head closing its pipe is not a failure
if [ "${PERF:-1}" = 1 ]; then
  # Thread groups (digits folded) by where their samples were: kernel, JIT-compiled Java,
  # the JVM itself (GC, compiler), libc.
  perf report -i "$out/perf.data" --no-children --sort comm,dso --stdio -g none 2>/dev/null \
    | grep -v '^#' | grep -v '^$' | awk '{ pct = $1; sub("%", "", pct); name = $2
        for (i = 3; i < NF; i++) name = name " " $i
        dso = $NF; if (name ~ / \[JIT\] tid$/) { sub(/ \[JIT\] tid$/, "", name); dso = "[JIT]" }
        gsub(/[0-9]+/, "#", name); a[name " | " dso] += pct }
      END { for (k in a) printf "%6.2f%%  %s\n", a[k], k }' | sort -rn | head -20 \
    > "$out/perf-threads-dso.txt"
  perf report -i "$out/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null \
    | grep -v '^#' | grep -v '^$' | head -60 > "$out/perf-sym.txt"
  perf report -i "$out/perf.data" --no-children --sort sym --stdio -G 2>/dev/null \
    | grep -v '^$' | head -300 > "$out/perf-callers.txt"
  rm -f "/tmp/perf-$pid.map"
fi
echo "== $out"
cat "$out/result.txt" "$out/threads.txt"
[ "${PERF:-1}" = 1 ] && cat "$out/perf-threads-dso.txt" && head -40 "$out/perf-sym.txt"
true
