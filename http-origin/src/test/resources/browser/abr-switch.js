// Forces one rendition switch in an ABR group's playback started by player.js, and records what
// a viewer would notice into window.__report.abr: the switch, and the picture heights and decoded
// frame counts sampled every 250 ms, so the test can tell the new rendition's frames were shown.
//
// Query (besides player.js's): switchAfter=<seconds after the first frame to switch>.
// hls.js: nextLevel (the switch at the next fragment, the buffer kept: no flush, no stall);
// dash.js: automatic switching off, then setRepresentationForTypeById;
// Shaka: abr.enabled off, then selectVariantTrack without clearing the buffer.
(function () {
  'use strict';
  const q = new URLSearchParams(location.search);
  const switchAfterMs = Number(q.get('switchAfter') || '6') * 1000;
  const video = document.getElementById('video');
  // Milliseconds on player.js's clock (it starts one script earlier, a few ms at most).
  const t0 = performance.now();
  const now = function () { return Math.round(performance.now() - t0); };
  const abr = { renditions: [], fromHeight: null, targetHeight: null, switchMs: null,
    heights: [], error: null };

  function renditions(player) {
    if (q.get('player') === 'hls') {
      return player.levels.map(function (l, i) { return { key: i, height: l.height }; });
    }
    if (q.get('player') === 'shaka') {
      return player.getVariantTracks().map(function (t) { return { key: t, height: t.height }; });
    }
    return player.getRepresentationsByType('video')
      .map(function (r) { return { key: r.id, height: r.height }; });
  }

  function force(player, target) {
    if (q.get('player') === 'hls') {
      player.nextLevel = target.key;
    } else if (q.get('player') === 'shaka') {
      player.selectVariantTrack(target.key, /* clearBuffer= */ false);
    } else {
      player.setRepresentationForTypeById('video', target.key);
    }
  }

  let abrOff = false;
  const timer = setInterval(function () {
    const report = window.__report;
    const player = window.__player;
    if (!report || !player) {
      return;
    }
    report.abr = abr;
    if (q.get('player') === 'dash' && !abrOff) {
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: false } } } });
      abrOff = true;
    }
    if (q.get('player') === 'shaka' && !abrOff) {
      player.configure({ abr: { enabled: false } });
      abrOff = true;
    }
    const pq = video.getVideoPlaybackQuality();
    abr.heights.push({ ms: now(), height: video.videoHeight,
      decoded: pq.totalVideoFrames });
    if (report.done) {
      clearInterval(timer);
      return;
    }
    if (abr.switchMs !== null || report.firstFrameMs === null
        || now() < report.firstFrameMs + switchAfterMs) {
      return;
    }
    try {
      const list = renditions(player);
      abr.renditions = list.map(function (r) { return r.height; });
      const current = video.videoHeight;
      // To the rendition farthest from the one on screen: a switch no one can miss.
      let target = list[0];
      list.forEach(function (r) {
        if (Math.abs(r.height - current) > Math.abs(target.height - current)) {
          target = r;
        }
      });
      abr.fromHeight = current;
      abr.targetHeight = target.height;
      abr.switchMs = now();
      force(player, target);
    } catch (e) {
      abr.error = String(e);
      abr.switchMs = now();
    }
  }, 250);
})();
