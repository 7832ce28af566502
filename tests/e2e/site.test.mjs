// The built site in Chromium: the page's own bundle takes over the static indicators from
// status.json and follows changes to it without a reload; embedded widgets render every variant.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureCopy, editFeed, advanceClock, serve, launch, eventually, localTimes, withPage } from './harness.mjs';

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

const statusOf = (page, id) => page.locator(`[data-sm-component="${id}"] [data-sm-status] .st-text`).textContent();

test('the site shows the feed and follows it without a reload', async (t) => {
  const server = await freshSite();
  await withPage(browser, t, async ({ page, problems }) => {
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
    await advanceClock(page, 40_000);
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
  });
});

test('embedded widgets render every variant inside a shadow root', async (t) => {
  const server = await freshSite();
  await withPage(browser, t, async ({ page, problems }) => {
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
  });
});

test('active incidents follow the feed: new ones appear, resolved ones leave', async (t) => {
  const server = await freshSite();
  await withPage(browser, t, { timezoneId: 'America/New_York' }, async ({ page, problems }) => {
    await page.clock.install();
    await page.goto(server.url);
    const active = page.locator('[data-sm-active]');
    const titles = () => active.locator('[data-sm-incident] h3').allInnerTexts();
    assert.deepEqual(await titles(), ['API errors'], 'the build saw one active incident');

    // The ongoing incident is resolved and a new one starts, with a title that is text, not markup
    // and no impact (said once: "No impact", not "No impact impact").
    editFeed(server.out, (feed) => {
      const old = feed.incidents.find((i) => i.title === 'API errors');
      old.status = 'resolved';
      old.resolved_at = '2026-11-20T15:05:00Z';
      feed.incidents.unshift({
        id: '2026-11-20-login', title: 'Login <b>slow</b>', impact: 'none', status: 'investigating',
        started_at: '2026-11-20T15:10:00Z', latest_update: 'We are looking into <it>.', url: '', components: ['web'],
      });
    });
    await advanceClock(page, 40_000);
    await eventually(async () => JSON.stringify(await titles()) === JSON.stringify(['Login <b>slow</b>']), { what: 'the new incident alone' });
    const card = active.locator('[data-sm-incident="2026-11-20-login"]');
    assert.equal(await card.locator('b').count(), 0, 'titles are text');
    assert.equal(await card.locator('a').getAttribute('href'), 'incidents/2026-11-20-login/');
    await localTimes(page);
    const meta = await card.locator('.meta').innerText();
    assert.equal(meta, 'Investigating · No impact · started Nov 20, 2026 10:10 EST');
    assert.equal(await card.locator('time').getAttribute('datetime'), '2026-11-20T15:10:00Z');
    assert.equal(await card.locator('.latest').innerText(), 'We are looking into <it>.');
    assert.ok(await active.isVisible());

    // Resolved too: the section goes away.
    editFeed(server.out, (feed) => {
      const i = feed.incidents.find((x) => x.id === '2026-11-20-login');
      i.status = 'resolved';
      i.resolved_at = '2026-11-20T15:20:00Z';
    });
    await advanceClock(page, 40_000);
    await eventually(async () => !(await active.isVisible()), { what: 'no active incidents' });
    assert.deepEqual(await titles(), []);
    assert.deepEqual(problems, []);
  });
});
