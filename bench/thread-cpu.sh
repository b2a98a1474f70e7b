#!/usr/bin/env bash
# CPU of a process's threads over an interval, grouped by thread name with digits folded
# ("C2 CompilerThre", "ZWorkerYoung#", "rtmp-#"...), from /proc/PID/task/*/stat (utime+stime):
# where a JVM's CPU goes, JIT compilers and collector threads included, which Java profilers
# do not sample.
#
#   bench/thread-cpu.sh PID [SECONDS]      # default 30 s; prints ms of CPU per group, largest first
set -euo pipefail
pid=$1
seconds=${2:-30}
tick=$(getconf CLK_TCK)

snapshot() { # tid name ticks, one line per thread
  for stat in /proc/"$pid"/task/*/stat; do
    # comm is in parentheses and may hold spaces; utime and stime are fields 14 and 15 of the
    # line, 11 and 12 of what follows the state
    sed -E 's/^([0-9]+) \((.*)\) [A-Za-z] (.*)$/\1|\2|\3/' "$stat" 2>/dev/null \
      | awk -F'|' '{ split($3, f, " "); print $1 "|" $2 "|" f[11] + f[12] }'
  done
}

before=$(snapshot)
sleep "$seconds"
after=$(snapshot)
awk -F'|' -v tick="$tick" -v secs="$seconds" '
  NR == FNR { start[$1] = $3; next }
  {
    name = $2; gsub(/[0-9]+/, "#", name)
    used = $3 - ($1 in start ? start[$1] : 0)
    ms[name] += used * 1000 / tick; total += used * 1000 / tick
  }
  END {
    for (n in ms) if (ms[n] > 0) printf "%8.0f ms  %5.1f %%core  %s\n", ms[n], ms[n] / secs / 10, n
    printf "%8.0f ms  %5.1f %%core  TOTAL over %d s\n", total, total / secs / 10, secs
  }' <(echo "$before") <(echo "$after") | sort -rn
