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
  // The first audit in a fresh browser runs cold and can lose a performance point that no page
  // deserves; warm up once, unasserted.
  await lighthouse(server.url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], formFactor: 'mobile' });
});
after(async () => {
  await chrome?.kill();
  server?.stop();
});

const pages = ['', 'incidents/2026-11-10-web-down/', 'history/', 'components/web/'];
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];

for (const path of pages) {
  test(`Lighthouse 100 on /${path}`, async () => {
    // The performance score comes from timings observed on this machine, so a busy moment can
    // cost a point; the bar stays at 100, with one retry for such a moment.
    let scores;
    let failing;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const { lhr } = await lighthouse(server.url + path, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories, formFactor: 'mobile' });
      scores = Object.fromEntries(categories.map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
      failing = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 1 && !['informative', 'notApplicable', 'manual'].includes(a.scoreDisplayMode))
        .map((a) => `${a.id}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}`);
      console.log(`/${path} (attempt ${attempt}): ${JSON.stringify(scores)}`);
      if (Object.values(scores).every((v) => v === 100)) break;
    }
    assert.deepEqual(scores, { performance: 100, accessibility: 100, 'best-practices': 100, seo: 100 }, failing.join('\n'));
  });
}
