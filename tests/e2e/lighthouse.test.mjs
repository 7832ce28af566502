// Lighthouse (mobile emulation, simulated throttling) on every page type a visitor reads: 100 in
// performance, accessibility, best practices and SEO. Runs Debian's Chromium; downloads nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { fixtureCopy, cdn } from './harness.mjs';

let server;
let bilingual;
let chrome;

before(async () => {
  // What visitors get: the built site behind a CDN-like static server.
  server = await cdn(fixtureCopy('basic'), '2026-11-20T15:00:00Z');
  // A translated page scores as the English one does (tests/fixtures/bilingual, German under /de/).
  bilingual = await cdn(fixtureCopy('bilingual'), '2026-11-20T15:00:00Z');
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await chrome?.kill();
  server?.stop();
  bilingual?.stop();
});

const pages = ['', 'incidents/2026-11-10-web-down/', 'history/', 'components/web/', 'de/', 'de/incidents/2026-11-20-api-errors/'];
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];

// Lighthouse's timings move with the machine's load (this VM's neighbours included), so each
// page is measured as Lighthouse CI does: three cold runs (storage and cache reset before each,
// no warm-up), and the run with the median performance score is the one judged. Two runs below
// 100 fail the page.
const RUNS = 3;

for (const path of pages) {
  test(`Lighthouse 100 on /${path}`, async () => {
    const site = path.startsWith('de/') ? bilingual : server;
    const runs = [];
    for (let n = 0; n < RUNS; n++) {
      const { lhr } = await lighthouse(site.url + path, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories, formFactor: 'mobile' });
      runs.push(lhr);
    }
    runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const lhr = runs[Math.floor(RUNS / 2)];
    console.log(`/${path}: performance of the ${RUNS} runs ${runs.map((r) => Math.round(r.categories.performance.score * 100)).join(', ')}`);
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
