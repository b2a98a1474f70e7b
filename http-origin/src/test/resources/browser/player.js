// Plays one Headwater URL with one player and records what a viewer would notice, sampled every
// 250 ms, into window.__report; the driver (src/test/js/play.mjs) reads it when done is true.
//
// Query: player=hls|dash|shaka, src=<manifest URL>, seconds=<play time after the first frame>,
// untilEnded=1 (stop at `ended` or a static DASH manifest instead), limit=<overall limit, s>,
// ll=1 (each player's low-latency mode; latency then measured against the wall clock).
(function () {
  'use strict';
  const q = new URLSearchParams(location.search);
  const playerName = q.get('player');
  const src = q.get('src');
  const playSeconds = Number(q.get('seconds') || '30');
  const untilEnded = q.get('untilEnded') === '1';
  const limitSeconds = Number(q.get('limit') || String(playSeconds + 40));
  const lowLatency = q.get('ll') === '1';
  const video = document.getElementById('video');
  const t0 = performance.now();
  const now = () => Math.round(performance.now() - t0);

  const report = {
    player: playerName, src: src, userAgent: navigator.userAgent, version: null,
    startedAtEpochMs: Date.now(),
    firstFrameMs: null, playingMs: null, endedMs: null, staticMs: null,
    events: [], errors: [], samples: [], done: false, reason: null,
  };
  window.__report = report;

  function event(type, detail) {
    report.events.push({ ms: now(), type: type, detail: detail === undefined ? null : detail });
  }
  function error(fatal, detail) {
    report.errors.push({ ms: now(), fatal: fatal, detail: String(detail).slice(0, 500) });
  }

  // What the element held when it waited: its position, ready state, every buffered range and the
  // frame counts, so that a stall shows as a gap, an empty buffer or a decoder behind.
  function mediaState() {
    const ranges = [];
    for (let i = 0; i < video.buffered.length; i++) {
      ranges.push(video.buffered.start(i).toFixed(3) + '-' + video.buffered.end(i).toFixed(3));
    }
    const pq = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
    return 'time ' + video.currentTime.toFixed(3) + ' readyState ' + video.readyState
      + ' buffered [' + ranges.join(', ') + ']'
      + (pq ? ' decoded ' + pq.totalVideoFrames + ' dropped ' + pq.droppedVideoFrames : '');
  }

  ['waiting', 'playing', 'stalled', 'seeking', 'seeked', 'ended', 'error', 'emptied']
    .forEach(function (type) {
      video.addEventListener(type, function () {
        event(type, type === 'error' && video.error ? video.error.message
          : type === 'waiting' || type === 'stalled' ? mediaState() : null);
        if (type === 'playing' && report.playingMs === null) {
          report.playingMs = now();
        }
        if (type === 'ended' && report.endedMs === null) {
          report.endedMs = now();
        }
        if (type === 'error') {
          error(true, 'media element: ' + (video.error ? video.error.code + ' '
            + video.error.message : 'unknown'));
        }
      });
    });
  function firstFrame() {
    if (report.firstFrameMs === null) {
      report.firstFrameMs = now();
    }
  }
  if ('requestVideoFrameCallback' in video) {
    video.requestVideoFrameCallback(firstFrame);
  }
  // Audio-only streams render no video frame: the first advance of the playhead counts.
  video.addEventListener('timeupdate', function () {
    if (video.videoWidth === 0 && video.currentTime > 0 && !video.paused) {
      firstFrame();
    }
  });

  let latency = function () { return null; };
  let live = function () { return null; };

  function startHls() {
    report.version = Hls.version;
    // Defaults otherwise: what a site that drops hls.js in gets.
    // Low latency: hls.js's own mode, and catching up (up to 1.5x) after a stall, as dash.js
    // and Shaka do.
    const hls = new Hls(lowLatency
      ? { debug: false, lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.5 }
      : { debug: false });
    window.__player = hls;
    hls.on(Hls.Events.ERROR, function (_, data) {
      error(Boolean(data.fatal), 'hls.js ' + data.type + ' ' + data.details
        + (data.response ? ' status ' + data.response.code : '')
        + (data.url ? ' ' + data.url : '') + (data.reason ? ' ' + data.reason : ''));
    });
    hls.on(Hls.Events.LEVEL_UPDATED, function (_, data) {
      if (!data.details.live && report.staticMs === null) {
        report.staticMs = now();
      }
    });
    latency = function () { return Number.isFinite(hls.latency) ? hls.latency : null; };
    live = function () { return hls.levels.length && hls.levels[hls.currentLevel >= 0
      ? hls.currentLevel : 0].details ? hls.levels[hls.currentLevel >= 0
      ? hls.currentLevel : 0].details.live : null; };
    if (lowLatency) {
      // Wall clock minus the EXT-X-PROGRAM-DATE-TIME of the frame on screen.
      latency = function () {
        return hls.playingDate ? (Date.now() - hls.playingDate.getTime()) / 1000 : null;
      };
    }
    hls.loadSource(src);
    hls.attachMedia(video);
  }

  function startDash() {
    const player = dashjs.MediaPlayer().create();
    report.version = player.getVersion();
    window.__player = player;
    player.on(dashjs.MediaPlayer.events.ERROR, function (e) {
      const err = e.error || {};
      error(true, 'dash.js error ' + err.code + ' ' + err.message);
    });
    player.on(dashjs.MediaPlayer.events.PLAYBACK_ERROR, function (e) {
      error(true, 'dash.js playback error ' + (e.error ? e.error.message || e.error : ''));
    });
    player.on(dashjs.MediaPlayer.events.MANIFEST_LOADED, function (e) {
      if (e.data && e.data.type === 'static' && report.staticMs === null) {
        report.staticMs = now();
      }
    });
    latency = function () {
      const l = player.getCurrentLiveLatency();
      return Number.isFinite(l) && l > 0 ? l : null;
    };
    live = function () {
      try { return player.isDynamic(); } catch (e) { return null; }
    };
    if (lowLatency) {
      // The MPD's ServiceDescription gives the latency target and playback rates.
      player.updateSettings({ streaming: { liveCatchup: { enabled: true } } });
    }
    player.initialize(video, src, /* autoPlay= */ true);
  }

  function startShaka() {
    shaka.polyfill.installAll();
    report.version = shaka.Player.version;
    const player = new shaka.Player();
    window.__player = player;
    player.addEventListener('error', function (e) {
      const d = e.detail || {};
      // Read the severity once the event is over: Shaka fires a streaming error as CRITICAL and
      // only then lets its failure callback retry and lower it to RECOVERABLE (a live stream's
      // HTTP errors), so what stopped playback is what is still CRITICAL.
      setTimeout(function () {
        error(d.severity === shaka.util.Error.Severity.CRITICAL,
          'shaka error ' + d.code + ' category ' + d.category + ' severity ' + d.severity
          + ' ' + JSON.stringify(d.data || []).slice(0, 300));
      }, 0);
    });
    player.addEventListener('manifestupdated', function (e) {
      if (!e.isLive && report.staticMs === null) {
        report.staticMs = now();
      }
    });
    // Latency from the seek range: its end is the live edge less the presentation delay.
    latency = function () {
      const manifest = player.getManifest();
      if (!player.isLive() || !manifest) {
        return null;
      }
      const edge = player.seekRange().end + manifest.presentationTimeline.getDelay();
      return edge - video.currentTime;
    };
    live = function () { return player.isLive(); };
    if (lowLatency) {
      player.configure({ streaming: { lowLatencyMode: true } });
      if (/\.mpd(\?|$)/.test(src)) {
        // Low-latency DASH, what README "Low latency" recommends. Drift correction would take
        // the SegmentTimeline's announced segments (the one being written and the next) for
        // available and put the live edge up to 5 s ahead, so that the ServiceDescription's
        // catch-up never reached its target and ran the buffer dry; the availabilityStartTime
        // is exact. Shaka measures latency from its seek range end, which is
        // suggestedPresentationDelay plus a chunk behind the live edge (1.39 s): 0.1 +- 0.15
        // there is 1.4-1.6 s to the screen.
        player.configure({
          manifest: { dash: { autoCorrectDrift: false } },
          streaming: { liveSync: { enabled: true, targetLatency: 0.1,
            targetLatencyTolerance: 0.15, maxPlaybackRate: 1.05, minPlaybackRate: 0.95 } },
        });
      }
      // Wall clock minus the wall-clock time of the frame on screen.
      latency = function () {
        const date = player.isLive() ? player.getPlayheadTimeAsDate() : null;
        return date ? (Date.now() - date.getTime()) / 1000 : null;
      };
    }
    player.attach(video).then(function () { return player.load(src); })
      .catch(function (e) {
        error(true, 'shaka load failed ' + (e && e.code) + ' ' + JSON.stringify(e && e.data));
      });
  }

  function sample() {
    const q = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
    let bufferedAhead = 0;
    for (let i = 0; i < video.buffered.length; i++) {
      if (video.buffered.start(i) <= video.currentTime && video.currentTime <= video.buffered.end(i)) {
        bufferedAhead = video.buffered.end(i) - video.currentTime;
      }
    }
    let lat = null;
    let isLive = null;
    try { lat = latency(); } catch (e) { lat = null; }
    try { isLive = live(); } catch (e) { isLive = null; }
    report.samples.push({
      ms: now(), time: video.currentTime, readyState: video.readyState, paused: video.paused,
      latency: lat, live: isLive, bufferedAhead: bufferedAhead,
      decoded: q ? q.totalVideoFrames : null, dropped: q ? q.droppedVideoFrames : null,
    });
    const elapsed = now();
    if (untilEnded && (report.endedMs !== null)) {
      finish('ended');
    } else if (!untilEnded && report.firstFrameMs !== null
        && elapsed - report.firstFrameMs >= playSeconds * 1000) {
      finish('played');
    } else if (elapsed >= limitSeconds * 1000) {
      finish('time limit');
    }
  }

  let timer = null;
  function finish(reason) {
    clearInterval(timer);
    report.reason = reason;
    report.done = true;
  }

  function start() {
    try {
      if (playerName === 'hls') {
        startHls();
      } else if (playerName === 'dash') {
        startDash();
      } else {
        startShaka();
      }
    } catch (e) {
      error(true, 'start failed ' + e);
    }
  }

  // The pinned builds, served by the test's page server from node_modules.
  const libraries = { hls: 'lib/hls.js', dash: 'lib/dash.js', shaka: 'lib/shaka.js' };
  window.addEventListener('error', function (e) { error(false, 'page error ' + e.message); });
  timer = setInterval(sample, 250);
  if (!libraries[playerName]) {
    error(true, 'unknown player ' + playerName);
    return;
  }
  const script = document.createElement('script');
  script.src = libraries[playerName];
  script.onload = start;
  script.onerror = function () { error(true, 'cannot load ' + script.src); };
  document.head.appendChild(script);
})();
