// The built site in Chromium: the page's own bundle takes over the static indicators from
// status.json and follows changes to it without a reload; embedded widgets render every variant.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureCopy, serve, launch, openPage, eventually, screenshotOnFailure } from './harness.mjs';

const NOW = '2026-11-20T15:00:00Z';
let browser;
const servers = [];

before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  for (const s of servers) s.stop();
});

/** Each test gets its own copy of the fixture and its own server: tests edit the feed. */
async function freshSite() {
  const server = await serve(fixtureCopy('basic'), NOW);
  servers.push(server);
  return server;
}

function editFeed(out, edit) {
  const file = path.join(out, 'status.json');
  const feed = JSON.parse(readFileSync(file, 'utf8'));
  edit(feed);
  writeFileSync(file, JSON.stringify(feed));
}

const statusOf = (page, id) => page.locator(`[data-sm-component="${id}"] [data-sm-status] .st-text`).textContent();

test('the site shows the feed and follows it without a reload', async (t) => {
  const server = await freshSite();
  const { page, problems, context } = await openPage(browser);
  let failed = true;
  try {
    // The static page says what the build saw: the API is partly down.
    await page.clock.install();
    const scripts = [];
    page.on('request', (r) => { if (/\.(js|wasm)$/.test(r.url())) scripts.push(new URL(r.url()).pathname); });
    await page.goto(server.url);
    assert.equal(await statusOf(page, 'api'), 'Partial Outage');
    assert.equal((await page.locator('.banner-text').textContent()).trim(), 'Partial System Outage');

    // The feed changes on the server; the widget's next poll shows it, with no reload.
    editFeed(server.out, (feed) => {
      feed.components.find((c) => c.id === 'api').status = 'operational';
      feed.components.find((c) => c.id === 'email').status = 'major_outage';
    });
    const navigations = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await page.clock.runFor(40_000);
    await eventually(async () => (await statusOf(page, 'email')) === 'Major Outage', { what: 'email shown as major outage' });
    assert.equal(await statusOf(page, 'api'), 'Operational');
    assert.equal((await page.locator('.banner-text').textContent()).trim(), 'Major System Outage');
    assert.equal(await page.locator('[data-sm-overall]').getAttribute('data-indicator'), 'critical');
    assert.deepEqual(navigations, [], 'the page must not reload');
    // The page loads its own small bundle, not the embeddable widget's.
    assert.ok(scripts.includes('/widget/page.js'), `scripts: ${scripts}`);
    assert.ok(scripts.some((s) => /^\/widget\/statusmark-page-[0-9a-f]+_bg\.wasm$/.test(s)), `scripts: ${scripts}`);
    assert.ok(!scripts.some((s) => s.includes('statusmark-widget-') || s.endsWith('/statusmark.js')), `scripts: ${scripts}`);
    assert.deepEqual(problems, []);
    failed = false;
  } finally {
    await screenshotOnFailure(page, t, failed);
    await context.close();
  }
});

test('embedded widgets render every variant inside a shadow root', async (t) => {
  const server = await freshSite();
  const { page, problems, context } = await openPage(browser);
  let failed = true;
  try {
    await page.goto(`${server.url}widget/`);
    // Playwright's CSS locators pierce open shadow roots; the text is what a person sees.
    const badge = page.locator('#demo-badge .head');
    await eventually(async () => (await badge.count()) > 0, { what: 'badge rendered' });
    // The fixture's overall status, as the site's own banner shows it (not merely any status text).
    assert.equal((await badge.locator('.txt').textContent()).trim(), 'Partial System Outage');
    const full = page.locator('#demo-full');
    await eventually(async () => (await full.locator('.comp').count()) === 3, { what: 'three components in the full variant' });
    assert.equal((await full.locator('[data-component="api"] .st').textContent()).trim(), 'Partial Outage');
    assert.equal(await page.locator('#demo-dark .comp').count(), 2, 'the subset shows two components');
    // The host page cannot see into the widget: its DOM lives in a shadow root.
    assert.equal(await page.evaluate(() => document.querySelectorAll('.comp').length), 0);
    assert.deepEqual(problems, []);
    failed = false;
  } finally {
    await screenshotOnFailure(page, t, failed);
    await context.close();
  }
});
