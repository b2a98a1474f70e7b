# Sourced by bench/profile-ingest.sh and bench/profile-viewers.sh (not run on its own): with
# $root and $out set, checks the input, starts one Headwater on two free loopback ports with
# frame pointers for perf, waits for its HTTP port, and stops it (and removes its data
# directory) when the calling script exits. Sets origin, bench, input, rtmp, http and pid.
origin=${ORIGIN_JAR:-"$root/http-origin/target/origin.jar"}
bench="$root/bench/target/benchmarks.jar"
input="$root/bench/target/input-2500k.flv"
HW_JAVA_OPTS=${HW_JAVA_OPTS:-"-Xmx4g -XX:+UseZGC"}
[ -f "$input" ] || { echo "no $input: run bench/run-side-by-side.sh once" >&2; exit 1; }
mkdir -p "$out"
data=$(mktemp -d /tmp/headwater-profile.XXXXXX)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

port() { while :; do p=$((20000 + RANDOM % 12000)); ss -ltn "( sport = :$p )" | grep -q ":$p" || { echo "$p"; return; }; done; }
rtmp=$(port)
http=$(port)
# PreserveFramePointer: perf walks compiled Java frames by their frame pointers.
# shellcheck disable=SC2086
java $HW_JAVA_OPTS -XX:+PreserveFramePointer -jar "$origin" --bind 127.0.0.1 --rtmp-port "$rtmp" \
  --http-port "$http" --data-dir "$data" --no-access-log > "$out/origin.log" 2>&1 &
pid=$!
for _ in $(seq 600); do ss -ltn "( sport = :$http )" | grep -q ":$http" && break; sleep 0.1; done
