#!/usr/bin/env bash
# What a CDN engineer sees with curl on every object class of a live stream: starts origin.jar
# with --demo (and a second one with LL-HLS on, for a part), then prints each command and the
# response head it got, as Markdown. Needs curl and a built origin.jar. Usage:
#   bench/curl-contract.sh [path/to/origin.jar] > bench/curl-contract.md
set -euo pipefail
JAR=${1:-http-origin/target/origin.jar}
HTTP=${HTTP_PORT:-28280}; RTMP=${RTMP_PORT:-28235}; LL_HTTP=$((HTTP + 1)); LL_RTMP=$((RTMP + 1))
WORK=$(mktemp -d)
PIDS=""
trap 'kill $PIDS 2>/dev/null || true; rm -rf "$WORK"' EXIT

printf 'apps:\n  live:\n    lowLatency: { enabled: true }\n' >"$WORK/ll.yaml"
java -jar "$JAR" --demo --no-access-log --bind 127.0.0.1 --http-port $HTTP --rtmp-port $RTMP \
  --data-dir "$WORK/a" >"$WORK/a.log" 2>&1 &
PIDS="$PIDS $!"
java -jar "$JAR" --demo --no-access-log --bind 127.0.0.1 --http-port $LL_HTTP \
  --rtmp-port $LL_RTMP --data-dir "$WORK/b" --config "$WORK/ll.yaml" >"$WORK/b.log" 2>&1 &
PIDS="$PIDS $!"
B=http://127.0.0.1:$HTTP/live/demo
LL=http://127.0.0.1:$LL_HTTP/live/demo
for base in $B $LL; do
  for _ in $(seq 150); do
    [ "$(curl -sf "$base/ts/index.m3u8" | grep -c '\.ts$' || true)" -ge 3 ] && break; sleep 0.2
  done
done
until curl -sf -o /dev/null "$B/thumbnail.jpg"; do sleep 0.2; done

V=$(curl -sf "$B/v.m3u8")
INIT=$(sed -n 's/^#EXT-X-MAP:URI="\([^"]*\)".*/\1/p' <<<"$V" | head -1)
CMAF=$(grep '\.m4s$' <<<"$V" | tail -1)
TS=$(curl -sf "$B/ts/index.m3u8" | grep '\.ts$' | tail -1)
PART=$(curl -sf "$LL/v.m3u8" | sed -n 's/^#EXT-X-PART:.*URI="\([^"]*\)".*/\1/p' | tail -1)
ETAG=$(curl -sI "$B/ts/$TS" | tr -d '\r' | sed -n 's/^ETag: //Ip')

show() {  # title, then the curl arguments
  local title=$1; shift
  echo "### $title"
  echo
  echo '```'
  local shown="" arg
  for arg in "$@"; do
    case "$arg" in *[\ \"]*) shown="$shown '$arg'" ;; *) shown="$shown $arg" ;; esac
  done
  echo "\$ curl$shown" | sed "s|http://127.0.0.1:$HTTP|\$ORIGIN|g; s|http://127.0.0.1:$LL_HTTP|\$LL_ORIGIN|g"
  curl "$@" | tr -d '\r' | sed '/^$/d'
  echo '```'
  echo
}

echo "# The HTTP contract, seen with curl"
echo
echo "Made by \`bench/curl-contract.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) against \`origin.jar --demo\`"
echo "(\$ORIGIN) and, for the LL-HLS part, \`origin.jar --demo\` with"
echo "\`apps.live.lowLatency.enabled: true\` (\$LL_ORIGIN). \`curl -sI\` sends HEAD; the range"
echo "requests use GET (\`-D - -o /dev/null\`), since a range applies to GET only."
echo
show "Multivariant playlist" -sI "$B/index.m3u8"
show "CMAF video media playlist" -sI "$B/v.m3u8"
show "CMAF audio media playlist" -sI "$B/a.m3u8"
show "MPEG-TS media playlist" -sI "$B/ts/index.m3u8"
show "Media playlist, gzip" -sI -H 'Accept-Encoding: gzip' "$B/ts/index.m3u8"
show "DASH MPD" -sI "$B/index.mpd"
show "Init segment" -sI "$B/$INIT"
show "CMAF segment" -sI "$B/$CMAF"
show "MPEG-TS segment" -sI "$B/ts/$TS"
show "LL-HLS part" -sI "$LL/$PART"
show "Thumbnail" -sI "$B/thumbnail.jpg"
show "Segment that does not exist (yet): 404" -sI "$B/ts/zzzz-999999.ts"
show "Revalidation: 304" -sI -H "If-None-Match: $ETAG" "$B/ts/$TS"
show "Failed precondition: 412" -sI -H 'If-Match: "another"' "$B/ts/$TS"
show "One range: 206" -s -D - -o /dev/null -H 'Range: bytes=0-187' "$B/ts/$TS"
show "Range past the end: 416" -s -D - -o /dev/null -H 'Range: bytes=99999999-' "$B/ts/$TS"
show "Preflight: 204" -s -D - -o /dev/null -X OPTIONS -H 'Origin: https://player.example' \
  -H 'Access-Control-Request-Method: GET' "$B/v.m3u8"
show "Method not allowed: 405" -s -D - -o /dev/null -X POST "$B/v.m3u8"
