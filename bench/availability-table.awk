# Turns the RESULT lines of bench/availability-side-by-side.sh into a Markdown table:
#   awk -f bench/availability-table.awk bench/target/availability/results-*.txt
/^RESULT / {
  if (match($0, /warmup_s=[0-9.]+/)) warmup = substr($0, RSTART + 9, RLENGTH - 9)
  delete f
  for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
  audio = f["kind"] == "segment" ? f["after_audio_p50_ms"] " / " f["after_audio_p95_ms"] : "-"
  rows[++n] = sprintf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s | %s |",
    f["label"], f["kind"], f["count"], f["listed_p50_ms"], f["listed_p95_ms"], f["listed_max_ms"],
    f["fetched_p50_ms"], f["fetched_p95_ms"], f["fetched_max_ms"], f["poll_gap_p50_ms"],
    f["lower_p50_ms"], f["lower_p95_ms"], audio, f["unmatched"])
}
/^INFO load_average/ { sub(/^INFO /, ""); loads = loads " " $0 }
END {
  print "| server | what | count | listed p50 ms | p95 ms | max ms | fetched p50 ms | p95 ms" \
    " | max ms | poll gap p50 ms | listed - gap p50 / p95 ms" \
    " | listed after next audio frame p50 / p95 ms | unmatched |"
  print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for (i = 1; i <= n; i++) print rows[i]
  if (loads != "") print "\nload average (1, 5, 15 min):" loads
  if (warmup != "") print "(listings ending in the first " warmup " s of media left out)"
}
