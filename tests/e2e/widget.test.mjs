// The widget embedded in someone else's page: host page, feed and widget on three different
// origins, hostile host CSS, and a feed that turns healthy, broken, malformed, hostile and back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, eventually, withPage, repo, advanceClock } from './harness.mjs';
import { startEmbedding, healthy } from './embedding.mjs';

let browser;
let embed;
let hostOrigin;
let feedHits;
const setFeed = (f) => embed.setFeed(f);

before(async () => {
  embed = await startEmbedding();
  ({ hostOrigin } = embed);
  feedHits = embed.hits;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  embed?.close();
});

test('survives a broken feed, shows the last good status as stale, and recovers', async (t) => {
  setFeed({ status: 200, body: JSON.stringify(healthy()) });
  await withPage(browser, t, async ({ page, problems }) => {
    const head = page.locator('#w .head .txt');
    const apiStatus = page.locator('#w .comp[data-component="api"] .st');
    const advance = (ms) => advanceClock(page, ms);
    await page.clock.install();
    await page.goto(`${hostOrigin}/`);
    await eventually(async () => (await head.count()) === 1 && (await head.textContent()) === 'All Systems Operational', { what: 'healthy status' });
    // Hostile CSS did not reach inside: the text is visible with the widget's own font and spacing.
    assert.ok(await head.isVisible(), 'host CSS hid the widget');
    const style = await head.evaluate((el) => { const s = getComputedStyle(el); return { font: s.fontFamily, spacing: s.letterSpacing, color: s.color }; });
    assert.ok(!style.font.includes('fantasy'), `host font leaked in: ${style.font}`);
    assert.equal(style.spacing, 'normal', 'host letter-spacing leaked in');
    assert.notEqual(style.color, 'rgb(255, 0, 255)', 'host colour leaked in');

    // An incident appears.
    const incident = healthy();
    incident.components[0].status = 'major_outage';
    incident.incidents = [{ id: 'x', title: '<img src=x onerror=alert(1)>', impact: 'critical', status: 'investigating', started_at: new Date().toISOString(), url: 'javascript:alert(1)', components: ['api'] }];
    setFeed({ status: 200, body: JSON.stringify(incident) });
    await advance(20_000);
    await eventually(async () => (await head.textContent()) === 'Major System Outage', { what: 'incident shown' });
    assert.equal((await apiStatus.textContent()).trim(), 'Major Outage');
    assert.equal(await page.locator('#w .inc a').textContent(), '<img src=x onerror=alert(1)>');
    assert.equal(await page.locator('#w .inc a').getAttribute('href'), '#');
    assert.equal(await page.evaluate(() => document.getElementById('w').shadowRoot.querySelectorAll('img').length), 0);

    // The feed breaks: 500, then invalid JSON. The last good status stays, marked stale.
    const errorsBefore = problems.length;
    setFeed({ status: 500, body: 'oops' });
    await advance(20_000);
    await eventually(async () => (await page.locator('#w .stale').count()) === 1, { what: 'stale marker after a 500' });
    assert.equal(await head.textContent(), 'Major System Outage');
    setFeed({ status: 200, body: '{"version": 1, "page": ' });
    for (let i = 0; i < 4; i++) await advance(60_000);
    assert.equal(await head.textContent(), 'Major System Outage', 'never an empty box');
    assert.match(await page.locator('#w .stale').textContent(), /Last updated \d+ min ago/);
    // One console warning per failure streak, plus the browser's own line per failed request.
    assert.ok(problems.length - errorsBefore <= 6, `console storm: ${problems.slice(errorsBefore).join('\n')}`);

    // A Statuspage capture works as a feed too.
    setFeed({ status: 200, body: readFileSync(path.join(repo, 'tests/fixtures/statuspage/nyu-testpage_summary_maintenance_in-progress.json'), 'utf8') });
    const hitsBefore = feedHits.length;
    await advance(700_000);
    await eventually(async () => feedHits.length > hitsBefore, { what: `a poll after recovery (hits ${feedHits.length})` });
    await eventually(async () => (await page.locator('#w .comp').count()) === 12, { what: 'the Statuspage capture rendered' });
    // The capture says it was updated in May: the widget is right to call it stale, by days.
    assert.match(await page.locator('#w .stale').textContent(), /Last updated \d+ d ago/);

    // Recovered.
    setFeed({ status: 200, body: JSON.stringify(healthy()) });
    await advance(20_000);
    await eventually(async () => (await head.textContent()) === 'All Systems Operational', { what: 'recovery' });
    assert.equal(await page.locator('#w .stale').count(), 0, 'fresh again after recovery');
    assert.ok(feedHits.length >= 6, `polled ${feedHits.length} times`);
  });
});

// #18: a real Statuspage capture, its maintenance moved so the window ended seconds ago while the
// summary still says `in_progress`. Explicit state beats the clock: in progress, overrunning, and
// its component still under maintenance, by the browser's own clock.
test('a Statuspage maintenance still in progress after its window shows as overrunning', async (t) => {
  const summary = JSON.parse(readFileSync(path.join(repo, 'tests/fixtures/statuspage/nyu-testpage_summary_maintenance_in-progress.json'), 'utf8'));
  const m = summary.scheduled_maintenances[0];
  const shift = Date.now() - 5_000 - Date.parse(m.scheduled_until);
  const moved = (s) => new Date(Date.parse(s) + shift).toISOString();
  for (const key of ['created_at', 'updated_at', 'started_at', 'scheduled_for', 'scheduled_until']) m[key] = moved(m[key]);
  for (const u of m.incident_updates) for (const key of ['created_at', 'updated_at', 'display_at']) u[key] = moved(u[key]);
  assert.equal(m.status, 'in_progress');
  assert.ok(Date.parse(m.scheduled_until) < Date.now(), 'the window has ended');
  setFeed({ status: 200, body: JSON.stringify(summary) });
  await withPage(browser, t, async ({ page }) => {
    await page.goto(`${hostOrigin}/`);
    const badge = page.locator('#w .maint .tag');
    await eventually(async () => (await badge.count()) === 1 && (await badge.textContent()) === 'In progress, overrunning', { what: 'the overrunning maintenance row' });
    assert.equal(await page.locator('#w .maint .name').textContent(), 'Test scheduled maintenance');
    assert.equal((await page.locator('#w .comp[data-component="8wzqr487l5d8"] .st').textContent()).trim(), 'Under Maintenance');
    assert.equal(await page.locator('#w .head .txt').textContent(), 'Service Under Maintenance');
  });
});

test('a feed that never loads shows "Status unavailable" with a link, not an empty box', async (t) => {
  setFeed({ status: 404, body: 'not found' });
  await withPage(browser, t, async ({ page }) => {
    await page.goto(`${hostOrigin}/`);
    const txt = page.locator('#w .txt');
    await eventually(async () => (await txt.count()) === 1 && (await txt.textContent()) === 'Status unavailable', { what: 'unavailable state' });
    assert.ok(await page.locator('#w a.unavailable').count() === 1);
  });
});

test('from script start to indicators on screen within 100 ms, or 2.5× the floor script where that is more (feed on loopback)', async (t) => {
  setFeed({ status: 200, body: JSON.stringify(healthy()) });
  await withPage(browser, t, async ({ page }) => {
    // Record, on every animation frame, when the first indicator exists.
    await page.addInitScript(() => {
      const tick = () => {
        const head = document.getElementById('w')?.shadowRoot?.querySelector('.head .txt');
        if (head) window.__indicatorAt = performance.now();
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    // Fifteen loads of the widget, each followed by a load of the floor script (the least any
    // embedded status script can do: fetch the feed, put a text into a shadow root), so both see
    // the same machine at the same moment.
    const timeToIndicator = async (url) => {
      await page.goto(url);
      await page.waitForFunction(() => window.__indicatorAt !== undefined);
      return page.evaluate(() => {
        const loader = performance.getEntriesByType('resource').find((e) => /\/widget\/(statusmark|floor)\.js$/.test(e.name));
        return window.__indicatorAt - loader.startTime;
      });
    };
    const widget = [];
    const floor = [];
    for (let i = 0; i < 15; i++) {
      widget.push(await timeToIndicator(`${hostOrigin}/?cdn=1&run=${i}`));
      floor.push(await timeToIndicator(`${hostOrigin}/?cdn=1&floor=1&run=${i}`));
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const show = (xs) => [...xs].sort((a, b) => a - b).map((s) => s.toFixed(0)).join(', ');
    const [w, f] = [median(widget), median(floor)];
    console.log(`widget start to indicators: median ${w.toFixed(1)} ms (${show(widget)}); floor script: median ${f.toFixed(1)} ms (${show(floor)})`);
    // The first load compiles the wasm; later ones hit the cache, as repeat visitors do. On a
    // machine so slow that the floor script alone takes 40 ms or more, the absolute budget says
    // more about the machine than the widget: there the widget is held to 2.5× the floor,
    // measured in the same run (1.4–2.2× seen on a slow 2-core VM, see BENCHMARKS.md). One limit,
    // the larger: a switch at 50 ms held a run with a 48 ms floor to 2.1× of it and failed at
    // 100.2 ms, where one with a 50 ms floor was allowed 125 ms.
    const limit = Math.max(100, 2.5 * f);
    assert.ok(w <= limit,
      `median ${w.toFixed(1)} ms is over the limit of ${limit.toFixed(1)} ms (100 ms, or 2.5× the floor script's ${f.toFixed(1)} ms where that is more)`);
  });
});

test('polls revalidate with the server (ETag → 304) instead of downloading the feed again', async (t) => {
  setFeed({ status: 200, body: JSON.stringify(healthy()) });
  await withPage(browser, t, async ({ page, problems }) => {
    await page.clock.install();
    const hitsBefore = feedHits.length;
    await page.goto(`${hostOrigin}/?cdn=1`);
    const head = page.locator('#w .head .txt');
    await eventually(async () => (await head.count()) === 1 && (await head.textContent()) === 'All Systems Operational', { what: 'first load' });
    // The loader starts the first request while the wasm loads; the widget uses it, not a second one.
    assert.equal(feedHits.length - hitsBefore, 1, 'one feed request for the first load');
    const before = { ...embed.revalidations };
    for (let i = 0; i < 3; i++) {
      const seen = feedHits.length;
      await page.clock.runFor(16_600);
      await eventually(async () => feedHits.length > seen, { what: `poll ${i}` });
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(embed.revalidations.notModified - before.notModified >= 3, `304s: ${JSON.stringify(embed.revalidations)}`);
    assert.equal(await head.textContent(), 'All Systems Operational');
    assert.equal(await page.locator('#w .stale').count(), 0, 'a 304 is a success, not a failure');
    assert.deepEqual(problems, []);
  });
});

test('survives CORS refusal, a 10 MB feed, a wrong content type, clock skew and a stalled server', { timeout: 120_000 }, async (t) => {
  setFeed({ status: 200, body: JSON.stringify(healthy()) });
  await withPage(browser, t, async ({ page, problems }) => {
    const head = page.locator('#w .head .txt');
    const stale = page.locator('#w .stale');
    const advance = (ms) => advanceClock(page, ms);
    const recover = async () => {
      setFeed({ status: 200, body: JSON.stringify(healthy()) });
      await advance(700_000);
      await eventually(async () => (await stale.count()) === 0 && (await head.textContent()) === 'All Systems Operational', { what: 'recovery' });
    };
    await page.clock.install();
    await page.goto(`${hostOrigin}/?cdn=1`);
    await eventually(async () => (await head.count()) === 1 && (await head.textContent()) === 'All Systems Operational', { what: 'first load' });

    // CORS refusal: the browser blocks the answer; the last good status stays, marked stale.
    setFeed({ status: 200, body: JSON.stringify(healthy()), cors: false });
    await advance(20_000);
    await eventually(async () => (await stale.count()) === 1, { what: 'stale after a CORS refusal' });
    assert.equal(await head.textContent(), 'All Systems Operational');
    await recover();

    // 10 MB of JSON: refused unparsed, so the page never freezes.
    const huge = healthy();
    huge.components[0].status = 'major_outage';
    huge.padding = 'x'.repeat(10 * 1024 * 1024);
    setFeed({ status: 200, body: JSON.stringify(huge) });
    await advance(20_000);
    await eventually(async () => (await stale.count()) === 1, { what: 'stale after a huge feed' });
    assert.equal(await head.textContent(), 'All Systems Operational');
    await recover();

    // A feed served as text/html is still just data: parsed as JSON, rendered as text.
    const html = healthy();
    html.components[1].status = 'degraded_performance';
    setFeed({ status: 200, body: JSON.stringify(html), type: 'text/html' });
    await advance(20_000);
    await eventually(async () => (await head.textContent()) === 'Degraded System Service', { what: 'wrong content type handled' });

    // Clock skew: a feed generated "in the future" is not stale and shows no negative age.
    const future = healthy();
    future.generated_at = new Date(Date.now() + 3 * 86_400_000).toISOString();
    setFeed({ status: 200, body: JSON.stringify(future) });
    await advance(20_000);
    await eventually(async () => (await head.textContent()) === 'All Systems Operational', { what: 'skewed feed shown' });
    assert.equal(await stale.count(), 0);

    // A server that stalls: the fetch gives up after 10 s (real time) and the status goes stale.
    setFeed({ status: 200, body: JSON.stringify(healthy()), delayMs: 12_000 });
    await advance(20_000);
    await eventually(async () => (await stale.count()) === 1, { what: 'stale after a timeout', timeout: 15_000 });
    assert.equal(await head.textContent(), 'All Systems Operational');
    await recover();

    // At most the browser's own line per failed request plus one widget warning per streak.
    assert.ok(problems.length <= 8, `console storm: ${problems.join('\n')}`);
  });
});
