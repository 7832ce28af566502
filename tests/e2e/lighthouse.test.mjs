// Lighthouse (mobile emulation, simulated throttling) on every page type a visitor reads: 100 in
// performance, accessibility, best practices and SEO. Runs Debian's Chromium; downloads nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import lighthouse from 'lighthouse';
import { throttling } from 'lighthouse/core/config/constants.js';
import * as chromeLauncher from 'chrome-launcher';
import { fixtureCopy, cdn } from './harness.mjs';

let server;
let bilingual;
let chrome;
let cpu;

before(async () => {
  // What visitors get: the built site behind a CDN-like static server, built now as a site's CI
  // builds it. A page built long before the visit (the fixtures' own date is weeks ago) shows its
  // "may be out of date" note once the feed says so, after load, and on an incident page that note
  // is the largest text and so the Largest Contentful Paint: right for a stale page, but not the
  // page visitors normally get.
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  server = await cdn(fixtureCopy('basic'), now);
  // A translated page scores as the English one does (tests/fixtures/bilingual, German under /de/).
  bilingual = await cdn(fixtureCopy('bilingual'), now);
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // One run whose scores are not judged: it measures the host (and warms up the browser).
  const { lhr } = await lighthouse(server.url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], formFactor: 'mobile' });
  cpu = slowdownFor(lhr.environment.benchmarkIndex);
  console.log(`host BenchmarkIndex ${lhr.environment.benchmarkIndex}: CPU slowdown ${cpu.toFixed(2)}× (Lighthouse's default: ${throttling.mobileSlow4G.cpuSlowdownMultiplier}×)`);
});
after(async () => {
  await chrome?.kill();
  server?.stop();
  bilingual?.stop();
});

const pages = ['', 'incidents/2026-11-10-web-down/', 'history/', 'components/web/', 'de/', 'de/incidents/2026-11-20-api-errors/'];
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];

// Lighthouse emulates a mid-range phone by slowing the host's CPU down by a fixed 4×, which is
// only that phone on a host of BenchmarkIndex about 1,500; Lighthouse warns that a slower host
// lowers the score, and its throttling guide (docs/throttling.md, "CPU throttling") gives the
// slowdown that emulates the same phone on other hosts: 1× at 150, 2× at 800, 3× at 1,300, then
// one more per 233 (4× at 1,533, 6× at 2,000). The test applies it on a slow host, so a page is
// judged on the same phone on a slow CI machine, but never beyond the default 4×: one calibration
// run on this VM read 1,950 while the runs after it read 1,150–1,540, and a 5.8× slowdown then
// judged a slower phone than Lighthouse's own.
function slowdownFor(index) {
  const anchors = [[150, 1], [800, 2], [1300, 3]];
  const standard = throttling.mobileSlow4G.cpuSlowdownMultiplier;
  if (!Number.isFinite(index)) return standard;
  if (index >= 1300) return Math.min(standard, 3 + (index - 1300) / 233);
  if (index <= 150) return 1;
  const upper = anchors.findIndex(([at]) => index < at);
  const [[i0, m0], [i1, m1]] = [anchors[upper - 1], anchors[upper]];
  return m0 + ((index - i0) / (i1 - i0)) * (m1 - m0);
}

// Lighthouse's timings move with the machine's load (this VM's neighbours included), so each
// page is measured in cold runs (storage and cache reset before each, no warm-up) and the run with
// the median performance score is judged, as in Lighthouse CI; but five runs, not Lighthouse CI's
// default three, as Lighthouse's variability guide recommends for a median: with three, one slow
// stretch on a slow host (BenchmarkIndex about 900) failed a page at 98, 99, 100. Three runs below
// 100 fail the page. When the first three runs score 100 in every category the runs stop there:
// sorted by performance (a stable sort, ties in the order run), the median of five would be one of
// those three whatever the other two scored (a page took about 28 s here instead of 45).
const RUNS = 5;
const perfect = (lhr) => categories.every((c) => lhr.categories[c].score === 1);

for (const path of pages) {
  test(`Lighthouse 100 on /${path}`, async () => {
    const site = path.startsWith('de/') ? bilingual : server;
    const runs = [];
    for (let n = 0; n < RUNS; n++) {
      const { lhr } = await lighthouse(site.url + path, {
        port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories, formFactor: 'mobile',
        throttling: { ...throttling.mobileSlow4G, cpuSlowdownMultiplier: cpu },
      });
      runs.push(lhr);
      if (runs.length === 3 && runs.every(perfect)) break;
    }
    runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const lhr = runs.length < RUNS ? runs.find(perfect) : runs[Math.floor(RUNS / 2)];
    console.log(`/${path}: performance of the ${runs.length} runs ${runs.map((r) => Math.round(r.categories.performance.score * 100)).join(', ')} (host BenchmarkIndex ${runs.map((r) => r.environment.benchmarkIndex).join(', ')}; CPU slowdown ${cpu.toFixed(2)}×)`);
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
