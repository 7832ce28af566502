// 10,000 polls of an embedded widget, with the feed changing every time so every poll re-renders:
// the JS heap (after GC) and the wasm memory must stay flat. Stops by itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, eventually, withPage } from './harness.mjs';
import { startEmbedding, healthy } from './embedding.mjs';

const POLLS = Number(process.env.STATUSMARK_SOAK_POLLS || 10_000);
let browser;
let embed;

before(async () => {
  embed = await startEmbedding();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  embed?.close();
});

test(`${POLLS} polls with flat memory`, { timeout: 900_000 }, async (t) => {
  await withPage(browser, t, async ({ page, problems, context }) => {
    // Keep a handle on the widget's wasm memory, which only ever grows (found by type: the build
    // shortens export names).
    await page.addInitScript(() => {
      const stash = (r) => { const memory = Object.values((r.instance || r).exports || {}).find((e) => e instanceof WebAssembly.Memory); if (memory) window.__wasmMemory = memory; return r; };
      const streaming = WebAssembly.instantiateStreaming;
      WebAssembly.instantiateStreaming = (...a) => streaming(...a).then(stash);
      const plain = WebAssembly.instantiate;
      WebAssembly.instantiate = (...a) => plain(...a).then(stash);
    });
    await page.clock.install();
    await page.goto(`${embed.hostOrigin}/?cdn=1`);
    await eventually(async () => (await page.locator('#w .head .txt').count()) === 1, { what: 'the widget' });
    // From here only runFor moves the page's clock: with real time flowing too, a fetch that a
    // loaded machine stalled for a few seconds was timed out and backed off by the clock that
    // kept going, and that poll then missed its wait. Paused, a slow fetch is only late.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
    const cdp = await context.newCDPSession(page);
    const measure = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const wasm = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? -1);
      return { heap: usedSize, wasm };
    };
    // What the page saw of its feed requests, to say why a poll did not show.
    const failed = [];
    page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    const shown = () => page.evaluate(() => {
      const head = document.getElementById('w').shadowRoot.querySelector('.head');
      return { text: head?.querySelector('.txt')?.textContent, box: head?.parentElement?.className };
    });
    let baseline;
    for (let i = 0; i < POLLS; i++) {
      const feed = healthy();
      feed.components[0].status = i % 2 ? 'major_outage' : 'operational';
      feed.incidents = i % 2 ? [{ id: `i${i}`, title: `Incident ${i}`, impact: 'major', status: 'investigating', started_at: feed.generated_at, url: '#', components: ['api'] }] : [];
      embed.setFeed({ status: 200, body: JSON.stringify(feed) });
      const seen = embed.hits.length;
      // Past the longest jittered interval (15 s + 10 %), so exactly one poll fires.
      await page.clock.runFor(16_600);
      // Wait until this poll's answer is on screen: only then has the next poll been scheduled.
      const want = i % 2 ? 'Major System Outage' : 'All Systems Operational';
      // A minute of real time: nothing on the page's side moves until the next runFor, so only
      // a hang gets this far, and then what the page saw says where.
      try {
        await eventually(
          async () => embed.hits.length > seen && (await shown()).text === want,
          { interval: 1, timeout: 60_000, what: `poll ${i} rendered` },
        );
      } catch (e) {
        const state = await shown().catch((why) => `unreadable (${why.message})`);
        throw new Error(`${e.message}: ${embed.hits.length - seen} feed request(s) reached the server, the widget shows ${JSON.stringify(state)}; failed requests: ${JSON.stringify(failed.slice(-3))}; warnings: ${JSON.stringify(warnings.slice(-3))}`);
      }
      if (i === Math.min(500, POLLS / 10)) baseline = await measure();
    }
    const final = await measure();
    console.log(`after ${POLLS} polls: JS heap ${baseline.heap} → ${final.heap} bytes, wasm memory ${baseline.wasm} → ${final.wasm} bytes`);
    assert.ok(baseline.wasm > 0, 'the wasm memory was not captured');
    assert.ok(final.wasm <= baseline.wasm * 1.1, `wasm memory grew from ${baseline.wasm} to ${final.wasm}`);
    assert.ok(final.heap <= baseline.heap * 1.25 + 512 * 1024, `JS heap grew from ${baseline.heap} to ${final.heap}`);
    assert.deepEqual(problems, []);
  });
});
