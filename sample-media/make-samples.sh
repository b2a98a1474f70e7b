#!/usr/bin/env bash
# Regenerates the sample FLV files in media/ from synthetic sources (test pattern + tone).
# Uses $FFMPEG, else the ffmpeg executable shipped in the org.bytedeco:ffmpeg jar in the local
# Maven repository (run `mvn -q -DskipTests package` once first), else ffmpeg on PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/media"
mkdir -p "$out"

if [ -z "${FFMPEG:-}" ]; then
  jar="$HOME/.m2/repository/org/bytedeco/ffmpeg/7.1-1.5.11/ffmpeg-7.1-1.5.11-linux-x86_64-gpl.jar"
  if [ -f "$jar" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && unzip -q "$jar" 'org/bytedeco/ffmpeg/linux-x86_64-gpl/*')
    dir="$tmp/org/bytedeco/ffmpeg/linux-x86_64-gpl"
    chmod +x "$dir/ffmpeg"
    export LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    FFMPEG="$dir/ffmpeg"
  else
    FFMPEG=ffmpeg
  fi
fi

# 10 s each; 30 fps; a keyframe every 2 s (-g 60, no scene-cut keyframes) so that segments of
# the default 2 s target are cut exactly; AAC-LC 48 kHz stereo. -fflags +bitexact keeps the
# files reproducible across runs of the same ffmpeg.
video="testsrc2=size=640x360:rate=30:duration=10"
audio="sine=frequency=440:sample_rate=48000:duration=10"
common=(-hide_banner -loglevel error -y -fflags +bitexact -flags:v +bitexact -flags:a +bitexact)
x264=(-c:v libx264 -preset veryfast -b:v 500k -maxrate 600k -bufsize 1200k -g 60 -keyint_min 60
      -sc_threshold 0 -pix_fmt yuv420p)
aac=(-c:a aac -b:a 96k -ac 2)

# High profile with B-frames: pts != dts, negative-free composition offsets.
"$FFMPEG" "${common[@]}" -f lavfi -i "$video" -f lavfi -i "$audio" \
  "${x264[@]}" -profile:v high -bf 2 "${aac[@]}" -f flv "$out/h264-high-bframes-aac.flv"

# Constrained baseline without B-frames: pts == dts.
"$FFMPEG" "${common[@]}" -f lavfi -i "$video" -f lavfi -i "$audio" \
  "${x264[@]}" -profile:v baseline -bf 0 "${aac[@]}" -f flv "$out/h264-baseline-aac.flv"

# Audio only.
"$FFMPEG" "${common[@]}" -f lavfi -i "$audio" "${aac[@]}" -f flv "$out/aac-only.flv"

# Video only.
"$FFMPEG" "${common[@]}" -f lavfi -i "$video" \
  "${x264[@]}" -profile:v main -bf 0 -f flv "$out/h264-only.flv"

ls -l "$out"
