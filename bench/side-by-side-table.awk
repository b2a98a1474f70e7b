# Turns the RESULT lines of run-side-by-side.sh into Markdown tables with Headwater/nginx ratios.
# Usage: awk -f bench/side-by-side-table.awk bench/target/side-by-side/results-*.txt
# With several result files the median of each figure is shown.
function median(list,   n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
  if (n == 0) return "-"
  return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function sorted(set, out,   n, k, i, j, t) {
  n = 0
  for (k in set) out[++n] = k
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (out[j] + 0 < out[i] + 0) { t = out[i]; out[i] = out[j]; out[j] = t }
  return n
}
function ratio(h, x) { return (x + 0 == 0) ? "-" : sprintf("%.2f", h / x) }
/^RESULT/ {
  delete kv
  for (i = 2; i <= NF; i++) { split($i, p, "="); kv[p[1]] = p[2] }
  if (kv["step"] == "publish") {
    key = kv["streams"]; ns[key] = 1
    for (m in kv) pub[kv["label"], key, m] = pub[kv["label"], key, m] " " kv[m]
  } else if (kv["step"] == "heap" || kv["step"] == "gc") {
    key = kv["streams"]; hs[key] = 1
    for (m in kv) heap[key, m] = heap[key, m] " " kv[m]
  } else if (kv["step"] == "view") {
    key = kv["viewers"]; vs[key] = 1
    for (m in kv) view[kv["label"], key, m] = view[kv["label"], key, m] " " kv[m]
  }
}
END {
  print "| N | CPU s per stream-s nginx | Headwater | ratio | PSS kB/stream nginx | Headwater | ratio | delay p50 ms nginx | Headwater | delay max ms nginx | Headwater | late segs nginx | Headwater | streams behind nginx | Headwater |"
  print "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  count = sorted(ns, order)
  for (o = 1; o <= count; o++) {
    n = order[o]
    cx = median(pub["nginx", n, "cpu_s_per_sent_stream_s"]); ch = median(pub["headwater", n, "cpu_s_per_sent_stream_s"])
    if (cx == "-" || cx == "") { cx = median(pub["nginx", n, "cpu_s_per_stream_s"]); ch = median(pub["headwater", n, "cpu_s_per_stream_s"]) }
    mx = median(pub["nginx", n, "pss_kb_per_stream"]); mh = median(pub["headwater", n, "pss_kb_per_stream"])
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, cx, ch, ratio(ch, cx), mx, mh, ratio(mh, mx), \
      median(pub["nginx", n, "delay_p50_ms"]), median(pub["headwater", n, "delay_p50_ms"]), \
      median(pub["nginx", n, "delay_max_ms"]), median(pub["headwater", n, "delay_max_ms"]), \
      median(pub["nginx", n, "late_segments"]), median(pub["headwater", n, "late_segments"]), \
      median(pub["nginx", n, "streams_behind"]), median(pub["headwater", n, "streams_behind"])
  }
  print ""
  print "| N | Headwater live heap per stream (after full GC) | GC pauses | pause p99 ms | pause max ms |"
  print "|---|---|---|---|---|"
  delete order
  count = sorted(hs, order)
  for (o = 1; o <= count; o++) {
    n = order[o]
    lh = median(heap[n, "live_heap_kb_per_stream"])
    printf "| %s | %s | %s | %s | %s |\n", n, (lh == "-" ? "-" : sprintf("%.1f MB", lh / 1024)), \
      median(heap[n, "pauses"]), median(heap[n, "pause_p99_ms"]), median(heap[n, "pause_max_ms"])
  }
  print ""
  print "| M viewers (10 streams) | req/s nginx | Headwater | p99 ms nginx | Headwater | ratio | errors nginx | Headwater |"
  print "|---|---|---|---|---|---|---|---|"
  delete order
  count = sorted(vs, order)
  for (o = 1; o <= count; o++) {
    m = order[o]
    px = median(view["nginx", m, "all_p99_ms"]); ph = median(view["headwater", m, "all_p99_ms"])
    printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", m, median(view["nginx", m, "req_per_s"]), \
      median(view["headwater", m, "req_per_s"]), px, ph, ratio(ph, px), \
      median(view["nginx", m, "errors"]), median(view["headwater", m, "errors"])
  }
  print ""
  print "| load tool: step | against nginx: tool CPU % of a core | send lag max ms | unread by server max ms | p50 / max ms | against Headwater: tool CPU % | send lag max ms | unread max ms | p50 / max ms |"
  print "|---|---|---|---|---|---|---|---|---|"
  delete order
  count = sorted(ns, order)
  for (o = 1; o <= count; o++) {
    n = order[o]
    printf "| N = %s publishers | %s | %s | %s | - | %s | %s | %s | - |\n", n, \
      median(pub["nginx", n, "tool_cpu_pct"]), median(pub["nginx", n, "send_lag_max_ms"]), \
      median(pub["nginx", n, "write_backlog_max_ms"]), median(pub["headwater", n, "tool_cpu_pct"]), \
      median(pub["headwater", n, "send_lag_max_ms"]), median(pub["headwater", n, "write_backlog_max_ms"])
  }
  delete order
  count = sorted(vs, order)
  for (o = 1; o <= count; o++) {
    m = order[o]
    printf "| M = %s viewers | %s | - | - | %s / %s | %s | - | - | %s / %s |\n", m, \
      median(view["nginx", m, "tool_cpu_pct"]), median(view["nginx", m, "segment_p50_ms"]), \
      median(view["nginx", m, "all_max_ms"]), median(view["headwater", m, "tool_cpu_pct"]), \
      median(view["headwater", m, "segment_p50_ms"]), median(view["headwater", m, "all_max_ms"])
  }
}
