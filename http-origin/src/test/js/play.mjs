// Drives Debian's Chromium (never a downloaded browser) for Headwater's browser tests.
//
// Usage: node play.mjs PLAN.json. The plan names the browser, a fresh profile directory and the
// pages to open (optionally an element to click, a done and a result expression, a screenshot
// path); all pages play at once, each in its own tab. For every page this prints one JSON
// line to stdout when the page is done: {"id", "result", "console", "timedOut"}. The Java test
// (io.headwater.origin.browser) reads those lines and makes the assertions.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
  // Background tabs must not be throttled: every tab is a viewer playing at the same time.
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

async function play(context, page, index) {
  // Tabs start a little apart, as viewers do, so that their start-ups do not compete for the CPU.
  await new Promise((resolve) => setTimeout(resolve, index * (plan.staggerMs || 0)));
  const tab = await context.newPage();
  const messages = [];
  tab.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      messages.push(`${m.type()}: ${m.text()}`.slice(0, 500));
    }
  });
  tab.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`.slice(0, 500)));
  tab.on('response', (r) => {
    if (r.status() >= 400) {
      messages.push(`response: ${r.status()} ${r.url()}`);
    }
  });
  tab.on('requestfailed', (r) => {
    messages.push(`requestfailed: ${r.url()} ${r.failure() ? r.failure().errorText : ''}`);
  });
  const done = page.doneExpression || 'window.__report && window.__report.done';
  const result = page.resultExpression || 'window.__report';
  let timedOut = false;
  try {
    await tab.goto(page.url, { waitUntil: 'load', timeout: 30_000 });
    if (page.click) {
      // What a viewer does: wait until there is something to click (e.g. a video showing its
      // first picture), then click the element.
      await tab.waitForFunction(page.click.when, null, { timeout: page.timeoutMs, polling: 250 });
      await tab.click(page.click.selector, { timeout: 30_000 });
    }
    await tab.waitForFunction(done, null, { timeout: page.timeoutMs, polling: 500 });
  } catch (e) {
    timedOut = true;
    messages.push(`driver: ${e.message}`.slice(0, 500));
  }
  let value = null;
  try {
    value = await tab.evaluate(result);
  } catch (e) {
    messages.push(`driver: cannot read the result: ${e.message}`.slice(0, 500));
  }
  if (page.screenshot) {
    await tab.screenshot({ path: page.screenshot }).catch((e) => {
      messages.push(`driver: screenshot failed: ${e.message}`);
    });
  }
  // Done: the tab stops decoding but stays open until every page is done (see below).
  await tab.evaluate(() => document.querySelectorAll('video, audio').forEach((m) => m.pause()))
    .catch(() => {});
  process.stdout.write(JSON.stringify({ id: page.id, result: value, console: messages, timedOut })
    + '\n');
  return tab;
}

const context = await chromium.launchPersistentContext(plan.userDataDir, {
  executablePath: plan.chromium,
  headless: true,
  args: ARGS,
  viewport: { width: 1280, height: 720 },
});
try {
  process.stderr.write(`chromium ${context.browser() ? context.browser().version() : ''}\n`);
  // Tabs close together once every page is done: closing one tears down its player, a burst of
  // CPU that made tabs still being measured wait (a video-only stream shows every decoder hiccup
  // as a `waiting` event).
  const tabs = await Promise.all(plan.pages.map((p, i) => play(context, p, i)));
  await Promise.all(tabs.map((t) => t.close()));
} finally {
  await context.close();
}
