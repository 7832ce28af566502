// Lighthouse (mobile emulation, simulated throttling) on every page type a visitor reads: 100 in
// performance, accessibility, best practices and SEO. Runs Debian's Chromium; downloads nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { fixtureCopy, cdn } from './harness.mjs';

let server;
let chrome;

before(async () => {
  // What visitors get: the built site behind a CDN-like static server.
  server = await cdn(fixtureCopy('basic'), '2026-11-20T15:00:00Z');
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await chrome?.kill();
  server?.stop();
});

const pages = ['', 'incidents/2026-11-10-web-down/', 'history/', 'components/web/'];
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];

for (const path of pages) {
  test(`Lighthouse 100 on /${path}`, async () => {
    // Cold, first attempt: no warm-up run, no retry.
    const { lhr } = await lighthouse(server.url + path, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories, formFactor: 'mobile' });
    const scores = Object.fromEntries(categories.map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && !['informative', 'notApplicable', 'manual'].includes(a.scoreDisplayMode))
      .map((a) => `${a.id}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}`);
    const lab = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'dom-size', 'mainthread-work-breakdown']
      .map((id) => `${id} ${lhr.audits[id]?.displayValue ?? '-'}`).join(', ');
    console.log(`/${path}: ${JSON.stringify(scores)}; ${lab}`);
    assert.deepEqual(scores, { performance: 100, accessibility: 100, 'best-practices': 100, seo: 100 }, failing.join('\n'));
  });
}
