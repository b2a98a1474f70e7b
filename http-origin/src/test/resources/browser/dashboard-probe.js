// Watches one stream's card on the origin's dashboard (/) as a visitor would see it. The driver
// (src/test/js/play.mjs) evaluates (THIS)(cardId, playSeconds) every 500 ms; each call records
// into window.__dashboard whether the card is listed, its text, every thumbnail the page has
// loaded (with the decoded picture's size) and a sample of its video element, and returns true
// once a thumbnail has loaded and the video has played playSeconds of media.
(function (cardId, playSeconds) {
  'use strict';
  const d = window.__dashboard || (window.__dashboard = {
    startedAtEpochMs: Date.now(), t0: performance.now(), listed: false, text: null,
    hlsVersion: null, thumbnails: [], samples: [],
  });
  const card = document.getElementById(cardId);
  if (!card) {
    return false;
  }
  d.listed = true;
  d.text = card.innerText.slice(0, 2000);
  d.hlsVersion = window.Hls ? window.Hls.version : null;

  const img = card.querySelector('img');
  if (img && img.complete && img.naturalWidth > 0
      && !d.thumbnails.some((t) => t.src === img.currentSrc)) {
    d.thumbnails.push({ src: img.currentSrc, width: img.naturalWidth, height: img.naturalHeight });
  }

  const video = card.querySelector('video');
  if (video) {
    const q = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
    d.samples.push({
      ms: Math.round(performance.now() - d.t0), time: video.currentTime, paused: video.paused,
      readyState: video.readyState, decoded: q ? q.totalVideoFrames : null,
      dropped: q ? q.droppedVideoFrames : null,
    });
  }
  const moving = d.samples.filter((s) => s.time > 0);
  const played = moving.length < 2 ? 0 : moving[moving.length - 1].time - moving[0].time;
  return d.thumbnails.length > 0 && played >= playSeconds;
})
