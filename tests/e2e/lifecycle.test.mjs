// The widget's life in a page that changes under it: custom elements and `[data-statusmark]`
// elements inserted, moved, re-configured and removed, 1,000 times over, with no timer, request or
// memory left behind; and the banner variant, which shows nothing while all is well.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, eventually, withPage } from './harness.mjs';
import { startApps, incidentFeed, healthyFeed, countTimers, yieldScript } from './apps.mjs';

const CYCLES = Number(process.env.STATUSMARK_LIFECYCLE_CYCLES || 1_000);
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

/** Open `path` in `page` with a fake clock, the timer counter and the wasm memory at hand. */
async function open(page, path) {
  await page.addInitScript(() => {
    const stash = (r) => { const memory = Object.values((r.instance || r).exports || {}).find((e) => e instanceof WebAssembly.Memory); if (memory) window.__wasmMemory = memory; return r; };
    const streaming = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = (...a) => streaming(...a).then(stash);
  });
  await page.addInitScript(yieldScript);
  await page.clock.install();
  await page.goto(`${apps.url}${path}`);
  await page.evaluate(() => customElements.whenDefined('statusmark-status'));
  await countTimers(page);
}

const text = (page, sel) => page.evaluate((s) => document.querySelector(s)?.shadowRoot?.querySelector('.txt')?.textContent, sel);

test('moving a widget keeps it; attribute changes apply at once; data-statusmark elements come and go too', async (t) => {
  apps.setFeed('a', incidentFeed());
  apps.setFeed('b', healthyFeed());
  await withPage(browser, t, async ({ page, problems }) => {
    await open(page, '/empty.html');
    const before = apps.totalHits();
    await page.evaluate(() => {
      const el = document.createElement('statusmark-status');
      el.id = 'w';
      el.setAttribute('feed', '/feed/a.json');
      el.setAttribute('variant', 'badge');
      document.getElementById('a').append(el);
    });
    await eventually(async () => (await text(page, '#w')) === 'Partial System Outage', { what: 'a widget inserted later mounts' });
    await page.evaluate(() => { document.getElementById('w').shadowRoot.querySelector('.sm').__first = true; });
    // Ten moves between containers: no second widget, no new request, the same rendered tree.
    for (let i = 0; i < 10; i++) await page.evaluate((i) => document.getElementById(i % 2 ? 'a' : 'b').append(document.getElementById('w')), i);
    await page.evaluate(() => window.__yield(5));
    assert.equal(apps.totalHits() - before, 1, 'a move is not a remount');
    assert.ok(await page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('.sm').__first && document.getElementById('w').shadowRoot.querySelectorAll('.sm').length === 1), 'the same widget, once');

    // Attributes apply without a reload.
    await page.evaluate(() => document.getElementById('w').setAttribute('variant', 'full'));
    await eventually(async () => (await page.evaluate(() => document.getElementById('w').shadowRoot.querySelectorAll('.comp').length)) === 2, { what: 'variant=full' });
    await page.evaluate(() => document.getElementById('w').setAttribute('components', 'web'));
    await eventually(async () => (await text(page, '#w')) === 'All Systems Operational', { what: 'components=web' });
    await page.evaluate(() => { const w = document.getElementById('w'); w.removeAttribute('components'); w.setAttribute('feed', '/feed/b.json'); w.setAttribute('theme', 'dark'); });
    await eventually(async () => (await text(page, '#w')) === 'All Systems Operational' && apps.hits.get('b') >= 1, { what: 'feed=b' });
    const bg = await page.evaluate(() => getComputedStyle(document.getElementById('w').shadowRoot.querySelector('.sm')).backgroundColor);
    assert.equal(bg, 'rgb(22, 27, 34)', 'theme=dark applied');

    // The fallback for pages that cannot use custom elements, added after load.
    await page.evaluate(() => { document.getElementById('b').innerHTML = '<div id="d" data-statusmark feed="/feed/a.json" variant="badge"></div>'; });
    await eventually(async () => (await text(page, '#d')) === 'Partial System Outage', { what: 'a data-statusmark element added later mounts' });
    await page.evaluate(() => document.getElementById('d').setAttribute('feed', '/feed/b.json'));
    await eventually(async () => (await text(page, '#d')) === 'All Systems Operational', { what: 'data-statusmark re-configured' });

    // Removed: nothing polls, no timer is left.
    await page.evaluate(() => { document.getElementById('w').remove(); document.getElementById('b').replaceChildren(); });
    await page.evaluate(() => window.__yield(5));
    const after = apps.totalHits();
    for (let i = 0; i < 10; i++) { await page.clock.runFor(20_000); await page.evaluate(() => window.__yield(2)); }
    assert.equal(apps.totalHits(), after, 'no request after removal');
    assert.equal(await page.evaluate(() => window.__liveTimers()), 0, 'no live timer after removal');
    assert.deepEqual(problems, []);
  });
});

test('a removed widget aborts its request in flight', async (t) => {
  apps.setFeed('slow', incidentFeed(), { delayMs: 3_000 });
  await withPage(browser, t, async ({ page }) => {
    await open(page, '/empty.html');
    const aborted = [];
    page.on('requestfailed', (r) => { if (r.url().includes('/feed/slow')) aborted.push(r.failure()?.errorText); });
    await page.evaluate(() => { document.getElementById('a').innerHTML = '<statusmark-status feed="/feed/slow.json"></statusmark-status>'; });
    await eventually(async () => apps.hits.get('slow') === 1, { what: 'the slow request started' });
    await page.evaluate(() => document.getElementById('a').replaceChildren());
    await eventually(async () => aborted.length === 1, { what: 'the request aborted' });
    assert.match(aborted[0], /ABORTED/);
  });
});

test('the banner: nothing while all is well, one dismissible line otherwise, back for a new event', async (t) => {
  apps.setFeed('banner', healthyFeed());
  await withPage(browser, t, async ({ page, problems }) => {
    await open(page, '/banner.html');
    const box = () => page.evaluate(() => { const r = document.getElementById('w').getBoundingClientRect(); return r.height; });
    const shown = () => page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('.sm:not(.off) .txt')?.textContent ?? null);
    const poll = async () => { await page.clock.runFor(17_000); await page.evaluate(() => window.__yield(3)); };
    await eventually(async () => apps.hits.get('banner') >= 1, { what: 'first fetch' });
    await page.evaluate(() => window.__yield(5));
    assert.equal(await box(), 0, 'nothing at all while operational');

    const hostile = incidentFeed();
    hostile.incidents[0].title = '<img src=x onerror=alert(1)> Slow API';
    apps.setFeed('banner', hostile);
    await poll();
    await eventually(async () => (await shown()) === '<img src=x onerror=alert(1)> Slow API', { what: 'banner shown' });
    assert.ok((await box()) > 10 && (await box()) < 60, `one line (${await box()} px)`);
    const link = await page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('a.head').getAttribute('href'));
    assert.equal(link, 'https://status.app.test/incidents/inc-1');
    assert.equal(await page.evaluate(() => document.getElementById('w').shadowRoot.querySelectorAll('img').length), 0);
    assert.equal(await page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('[role=status]').textContent), 'Partial System Outage');
    // Light and dark.
    const colours = async () => page.evaluate(() => { const s = getComputedStyle(document.getElementById('w').shadowRoot.querySelector('.sm')); return `${s.backgroundColor} ${s.color}`; });
    await page.evaluate(() => document.getElementById('w').setAttribute('theme', 'light'));
    await eventually(async () => (await shown()) !== null && (await colours()) === 'rgb(255, 255, 255) rgb(27, 31, 36)', { what: 'light banner' });
    await page.evaluate(() => document.getElementById('w').setAttribute('theme', 'dark'));
    await eventually(async () => (await shown()) !== null && (await colours()) === 'rgb(22, 27, 34) rgb(230, 237, 243)', { what: 'dark banner' });

    // Dismissed: gone, and still gone after a reload (same tab session) and more polls.
    const before = apps.hits.get('banner');
    await page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('button.x').click());
    // The loader remembers the event and mounts the widget again, which fetches the feed again:
    // once that answer is shown, the banner must still be gone.
    await eventually(async () => apps.hits.get('banner') > before, { what: 'fetched after the dismissal' });
    await page.evaluate(() => window.__yield(5));
    await eventually(async () => (await box()) === 0, { what: 'dismissed' });
    assert.equal(await page.evaluate(() => Object.keys(JSON.parse(sessionStorage.getItem('statusmark-dismissed'))).length), 1, 'remembered for the session');
    await page.reload();
    await page.evaluate(() => customElements.whenDefined('statusmark-status'));
    await eventually(async () => apps.hits.get('banner') >= 3, { what: 'fetched after reload' });
    await page.evaluate(() => window.__yield(5));
    assert.equal(await box(), 0, 'still dismissed after a reload');
    // A new update to the incident is news again.
    hostile.incidents[0].latest_update = 'Identified the cause.';
    apps.setFeed('banner', hostile);
    await poll();
    await eventually(async () => (await shown()) !== null, { what: 'banner back for a new update' });
    // All well again: nothing.
    apps.setFeed('banner', healthyFeed());
    await poll();
    await eventually(async () => (await box()) === 0, { what: 'banner gone when resolved' });
    assert.deepEqual(problems, []);
  });
});

test(`${CYCLES} insert/move/reconfigure/remove cycles: no leaked timers or requests, flat memory`, { timeout: 240_000 }, async (t) => {
  apps.setFeed('a', incidentFeed());
  apps.setFeed('b', healthyFeed());
  await withPage(browser, t, async ({ page, problems, context }) => {
    await open(page, '/empty.html');
    await page.evaluate(() => {
      const variants = ['badge', 'compact', 'full', 'banner'];
      const rendered = (el) => el.shadowRoot?.querySelector('.sm:not(.off) .head:not(.loading)');
      window.__cycle = async (i) => {
        const [a, b] = [document.getElementById('a'), document.getElementById('b')];
        const el = document.createElement('statusmark-status');
        el.setAttribute('feed', '/feed/a.json');
        el.setAttribute('variant', variants[i % 4]);
        el.setAttribute('poll', '15');
        const div = document.createElement('div');
        div.setAttribute('data-statusmark', '');
        div.setAttribute('feed', '/feed/a.json');
        a.append(el, div);
        // Every other cycle waits for the feed; the rest move and remove with requests in flight.
        if (i % 2 === 0) for (let k = 0; k < 500 && !(rendered(el) && rendered(div)); k++) await window.__yield();
        b.append(el, div);
        el.setAttribute('theme', i % 3 ? 'dark' : 'light');
        el.setAttribute('components', i % 5 ? 'api' : 'api web');
        if (i % 7 === 0) el.setAttribute('feed', '/feed/b.json');
        div.setAttribute('variant', 'full');
        await window.__yield(2);
        if (el.shadowRoot.querySelectorAll('.sm').length !== 1 || div.shadowRoot.querySelectorAll('.sm').length !== 1) throw new Error(`cycle ${i}: not exactly one widget per element`);
        el.remove();
        div.remove();
        await window.__yield();
      };
    });
    const cdp = await context.newCDPSession(page);
    const measure = async () => {
      await page.evaluate(() => window.__yield(10));
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return { heap: usedSize, wasm: await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? -1) };
    };
    let baseline;
    const started = Date.now();
    for (let i = 0; i < CYCLES; i++) {
      await page.evaluate((i) => window.__cycle(i), i);
      // Now and then, let a widget live through polls (timers firing, not only cleared).
      if (i % 100 === 50) {
        await page.evaluate(() => { document.getElementById('a').innerHTML = '<statusmark-status feed="/feed/a.json" poll="15"></statusmark-status>'; });
        const seen = apps.totalHits();
        await page.clock.runFor(17_000);
        await eventually(async () => apps.totalHits() > seen, { what: `a poll in cycle ${i}` });
        await page.evaluate(() => document.getElementById('a').replaceChildren());
      }
      if (i === Math.min(100, CYCLES - 1)) baseline = await measure();
    }
    const final = await measure();
    const afterRemoval = apps.totalHits();
    const live = await page.evaluate(() => window.__liveTimers());
    if (live) console.log((await page.evaluate(() => window.__liveTimerStacks())).slice(0, 2).join('\n---\n'));
    for (let i = 0; i < 10; i++) { await page.clock.runFor(20_000); await page.evaluate(() => window.__yield(2)); }
    await new Promise((r) => setTimeout(r, 300));
    console.log(`${CYCLES} cycles in ${((Date.now() - started) / 1000).toFixed(1)} s: JS heap ${baseline.heap} → ${final.heap} bytes, wasm memory ${baseline.wasm} → ${final.wasm} bytes, live timers ${live}, feed requests ${afterRemoval}`);
    assert.equal(live, 0, 'timers left behind');
    assert.equal(apps.totalHits(), afterRemoval, 'requests after every widget was removed');
    assert.ok(baseline.wasm > 0, 'the wasm memory was not captured');
    // Flat: the wasm memory grows by whole 64 KB pages, the JS heap by the browser's own caches.
    assert.ok(final.wasm <= baseline.wasm + 128 * 1024, `wasm memory grew from ${baseline.wasm} to ${final.wasm}`);
    assert.ok(final.heap <= baseline.heap * 1.1 + 512 * 1024, `JS heap grew from ${baseline.heap} to ${final.heap}`);
    assert.deepEqual(problems, []);
  });
});
