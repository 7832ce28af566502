// The widget inside an app built with a real framework from npm: Preact (with htm, no bundler)
// renders <statusmark-status> from its state, re-renders it with new attributes, moves it to
// another part of the tree and drops it; the widget follows, and nothing keeps polling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, eventually, withPage } from './harness.mjs';
import { startApps, incidentFeed, healthyFeed, countTimers, yieldScript } from './apps.mjs';

let browser;
let apps;

before(async () => {
  apps = await startApps();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  apps?.close();
});

test('a Preact app mounts, re-configures, moves and removes the widget through its state', async (t) => {
  apps.setFeed('a', incidentFeed());
  apps.setFeed('b', healthyFeed());
  await withPage(browser, t, async ({ page, problems }) => {
    const widget = (sel) => page.evaluate((s) => {
      const el = document.querySelector(s);
      const root = el?.shadowRoot;
      return el ? { text: root?.querySelector('.txt')?.textContent, comps: root?.querySelectorAll('.comp').length, boxes: root?.querySelectorAll('.sm').length, bg: root?.querySelector('.sm') && getComputedStyle(root.querySelector('.sm')).backgroundColor } : null;
    }, sel);
    const set = (patch) => page.evaluate((p) => window.app.set(p), patch);
    await page.addInitScript(yieldScript);
    await page.clock.install();
    await page.goto(`${apps.url}/app.html`);
    await page.evaluate(() => customElements.whenDefined('statusmark-status'));
    await countTimers(page);
    await eventually(async () => (await widget('header statusmark-status'))?.text === 'Partial System Outage', { what: 'the widget Preact rendered' });
    assert.equal(await page.locator('main h1').textContent(), 'My app');

    await set({ variant: 'full', theme: 'dark' });
    await eventually(async () => { const w = await widget('header statusmark-status'); return w.comps === 2 && w.bg === 'rgb(22, 27, 34)' && w.boxes === 1; }, { what: 'variant and theme from state' });
    await set({ feed: '/feed/b.json' });
    await eventually(async () => (await widget('header statusmark-status'))?.text === 'All Systems Operational', { what: 'feed from state' });

    // Preact drops the element in the header and makes a new one in main.
    await set({ where: 'main' });
    await eventually(async () => (await widget('main statusmark-status'))?.text === 'All Systems Operational', { what: 'the widget in its new place' });
    assert.equal(await page.locator('statusmark-status').count(), 1);

    // Re-rendering the app with the same state changes nothing.
    const hits = apps.totalHits();
    await set({});
    await page.evaluate(() => window.__yield(5));
    assert.equal(apps.totalHits(), hits, 'a re-render with the same attributes is not a remount');

    await set({ show: false });
    await page.evaluate(() => window.__yield(5));
    assert.equal(await page.locator('statusmark-status').count(), 0);
    const after = apps.totalHits();
    for (let i = 0; i < 6; i++) { await page.clock.runFor(20_000); await page.evaluate(() => window.__yield(2)); }
    assert.equal(apps.totalHits(), after, 'nothing polls once the app dropped the widget');
    assert.equal(await page.evaluate(() => window.__liveTimers()), 0, 'no live timer once the app dropped the widget');

    await set({ show: true, where: 'header', variant: 'banner', feed: '/feed/a.json' });
    await eventually(async () => (await widget('header statusmark-status'))?.text === 'Slow API', { what: 'the banner in the app' });
    assert.deepEqual(problems, []);
  });
});
