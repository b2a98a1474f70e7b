// Reads the wall clock that the publisher burnt into the picture (io.headwater.origin.browser.
// BurnedClock) from the frame on screen, for glass-to-glass latency. The driver
// (src/test/js/play.mjs) evaluates this file as the page's done expression every 500 ms, next
// to player.js; the first call installs the reader, every call returns whether player.js is
// done. Results go to window.__glass: one sample per read frame, ~10 a second.
//
// Layout (see BurnedClock): 32 blocks of 20x40 px along the top of the 640x360 picture, white =
// 1, black = 0, most significant bit first: 1, 0, 24 bits of V (Unix ms mod 2^24 when the frame
// was made), 5 bits of V mod 31, 1. A grey block, a wrong marker or a failed check discards the
// frame (counted), never a misread time.
(function () {
  'use strict';
  if (!window.__glass) {
    const BLOCKS = 32;
    const VALUE_BITS = 24;
    const CHECK_BITS = 5;
    const MODULUS = 1 << VALUE_BITS;
    const CHECK_MODULUS = 31;
    const WHITE_ABOVE = 160;
    const BLACK_BELOW = 96;
    const STRIP_W = 640;
    const STRIP_H = 40;
    const EVERY_MS = 100;
    const glass = window.__glass = {
      samples: [], read: 0, unreadable: 0, failedCheck: 0, api: null,
    };
    const video = document.getElementById('video');
    const canvas = document.createElement('canvas');
    canvas.width = STRIP_W;
    canvas.height = STRIP_H;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    let last = 0;

    // The burnt value, or null (grey block, wrong marker) or -1 (check failed).
    const decode = function () {
      const vw = video.videoWidth;
      const vh = video.videoHeight;
      if (!vw || !vh) {
        return null;
      }
      // The strip is the top 40/360 of the picture, whatever size it is decoded at.
      ctx.drawImage(video, 0, 0, vw, vh * STRIP_H / 360, 0, 0, STRIP_W, STRIP_H);
      const px = ctx.getImageData(0, 0, STRIP_W, STRIP_H).data;
      const bits = [];
      for (let b = 0; b < BLOCKS; b++) {
        let sum = 0;
        let n = 0;
        for (let y = 10; y < 30; y++) {
          for (let x = b * 20 + 5; x < b * 20 + 15; x++) {
            const i = (y * STRIP_W + x) * 4;
            sum += (px[i] + px[i + 1] + px[i + 2]) / 3;
            n++;
          }
        }
        const mean = sum / n;
        if (mean > WHITE_ABOVE) {
          bits.push(1);
        } else if (mean < BLACK_BELOW) {
          bits.push(0);
        } else {
          return null;
        }
      }
      if (bits[0] !== 1 || bits[1] !== 0 || bits[BLOCKS - 1] !== 1) {
        return null;
      }
      let value = 0;
      for (let i = 0; i < VALUE_BITS; i++) {
        value = value * 2 + bits[2 + i];
      }
      let check = 0;
      for (let i = 0; i < CHECK_BITS; i++) {
        check = check * 2 + bits[2 + VALUE_BITS + i];
      }
      return check === value % CHECK_MODULUS ? value : -1;
    };

    const sample = function (mediaTime) {
      const now = Date.now();
      if (now - last < EVERY_MS || video.paused) {
        return;
      }
      last = now;
      let value;
      try {
        value = decode();
      } catch (e) {
        glass.error = String(e).slice(0, 300);
        value = null;
      }
      if (value === null) {
        glass.unreadable++;
      } else if (value < 0) {
        glass.failedCheck++;
      } else {
        glass.read++;
        // Now minus the burnt time, modulo 2^24 into -2^23 .. 2^23 ms.
        let behind = ((now - value) % MODULUS + MODULUS) % MODULUS;
        if (behind >= MODULUS / 2) {
          behind -= MODULUS;
        }
        glass.samples.push({ epochMs: now, ms: behind, time: mediaTime });
      }
    };

    if ('requestVideoFrameCallback' in video) {
      // The frame about to be shown: drawImage in this callback paints exactly that frame.
      glass.api = 'requestVideoFrameCallback';
      const onFrame = function (_, metadata) {
        sample(metadata.mediaTime);
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    } else {
      glass.api = 'setInterval';
      setInterval(function () { sample(video.currentTime); }, EVERY_MS);
    }
  }
  return Boolean(window.__report && window.__report.done);
})()
