#!/usr/bin/env bash
# CPU of a process's threads over an interval, grouped by thread name with digits folded
# ("C2 CompilerThre", "ZWorkerYoung#", "rtmp-#"...), from /proc/PID/task/*/stat (utime+stime):
# where a JVM's CPU goes, JIT compilers and collector threads included, which Java profilers
# do not sample.
#
#   bench/thread-cpu.sh PID [SECONDS]      # default 30 s; prints ms of CPU per group, largest first,
#                                          # and the group's wake-ups (voluntary context switches)
#                                          # per second
set -euo pipefail
pid=$1
seconds=${2:-30}
tick=$(getconf CLK_TCK)

snapshot() { # tid|name|ticks|voluntary switches, one line per thread
  for task in /proc/"$pid"/task/*; do
    # comm is in parentheses and may hold spaces; utime and stime are fields 14 and 15 of the
    # line, 11 and 12 of what follows the state
    sw=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "$task/status" 2>/dev/null || true)
    sed -E 's/^([0-9]+) \((.*)\) [A-Za-z] (.*)$/\1|\2|\3/' "$task/stat" 2>/dev/null \
      | awk -F'|' -v sw="${sw:-0}" '{ split($3, f, " "); print $1 "|" $2 "|" f[11] + f[12] "|" sw }' \
      || true # a thread that ended meanwhile
  done
}

before=$(snapshot)
sleep "$seconds"
after=$(snapshot)
awk -F'|' -v tick="$tick" -v secs="$seconds" '
  NR == FNR { start[$1] = $3; startSw[$1] = $4; next }
  {
    name = $2; gsub(/[0-9]+/, "#", name)
    used = $3 - ($1 in start ? start[$1] : 0)
    ms[name] += used * 1000 / tick; total += used * 1000 / tick
    woke = $4 - ($1 in startSw ? startSw[$1] : 0); sw[name] += woke; totalSw += woke
  }
  END {
    for (n in ms) if (ms[n] > 0) printf "%8.0f ms  %5.1f %%core  %7.0f wake-ups/s  %s\n", ms[n], \
      ms[n] / secs / 10, sw[n] / secs, n
    printf "%8.0f ms  %5.1f %%core  %7.0f wake-ups/s  TOTAL over %d s\n", total, \
      total / secs / 10, totalSw / secs, secs
  }' <(echo "$before") <(echo "$after") | sort -rn
