// Honest about age and time: every page says when it was built, without JavaScript too; with the
// page script, a page whose feed is older than `stale_after` by the visitor's clock says so
// (politely, without moving anything), and every time on the page reads in the visitor's zone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureCopy, cdn, launch, eventually, withPage } from './harness.mjs';

const OLD = '2026-11-20T15:00:00Z';
let browser;
let stale;
let fresh;

before(async () => {
  // Built long before the browser's clock (the fixture's instant), and built just now.
  stale = await cdn(fixtureCopy('basic'), OLD);
  fresh = await cdn(fixtureCopy('basic'), new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  stale?.stop();
  fresh?.stop();
});

const paths = ['', 'incidents/2026-11-10-web-down/', 'history/', 'components/web/'];

/** Open `url` and wait until the page script has fetched and applied the feed. */
async function openLive(page, url) {
  const feed = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/status.json'));
  await page.goto(url);
  await (await feed).finished();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

test('without JavaScript every page shows when it was built, in the site zone', async (t) => {
  await withPage(browser, t, { javaScriptEnabled: false, timezoneId: 'Asia/Tokyo' }, async ({ page }) => {
    for (const path of paths) {
      await page.goto(stale.url + path);
      const foot = page.locator('footer time');
      assert.equal(await foot.getAttribute('datetime'), OLD, `/${path}`);
      assert.ok((await page.locator('footer').innerText()).includes('Last updated Nov 20, 2026 15:00 UTC'), `/${path}`);
      assert.equal(await page.locator('[data-sm-age]').innerText(), '', `/${path}: no warning without script`);
    }
  });
});

test('a page built before stale_after says it may be out of date, on every page, without moving', async (t) => {
  await withPage(browser, t, async ({ page, problems }) => {
    for (const path of paths) {
      // Where the content sits before the script runs.
      await page.goto(stale.url + path, { waitUntil: 'domcontentloaded' });
      const before = await page.locator('main').boundingBox();
      await openLive(page, stale.url + path);
      const note = page.locator('[data-sm-age]');
      await eventually(async () => (await note.innerText()).length > 0, { what: `/${path}: the warning` });
      assert.match(await note.innerText(), /^This page may be out of date — last updated \d+ days ago$/, `/${path}`);
      assert.equal(await note.getAttribute('role'), 'status', 'announced politely');
      assert.ok(await note.isVisible());
      assert.equal(await note.evaluate((e) => getComputedStyle(e).position), 'fixed', 'takes no room in the page');
      assert.deepEqual(await page.locator('main').boundingBox(), before, `/${path}: the content moved`);
    }
    assert.deepEqual(problems, []);
  });
});

test('a fresh page shows no warning', async (t) => {
  await withPage(browser, t, async ({ page, problems }) => {
    for (const path of ['', 'history/']) {
      await openLive(page, fresh.url + path);
      assert.equal(await page.locator('[data-sm-age]').innerText(), '', `/${path}`);
      assert.equal(await page.locator('[data-sm-age]').evaluate((e) => e.offsetHeight), 0, `/${path}: no empty box`);
    }
    assert.deepEqual(problems, []);
  });
});

for (const [zone, text] of [['America/New_York', 'Nov 20, 2026 10:00 EST'], ['Asia/Tokyo', 'Nov 21, 2026 00:00 GMT+9']]) {
  test(`times read in the visitor's zone (${zone}), named, with datetime kept`, async (t) => {
    await withPage(browser, t, { timezoneId: zone }, async ({ page }) => {
      for (const path of paths) {
        await openLive(page, stale.url + path);
        const foot = page.locator('footer time');
        await eventually(async () => (await foot.innerText()) === text, { what: `/${path}: ${text}` });
        assert.equal(await foot.getAttribute('datetime'), OLD);
        assert.equal(await foot.getAttribute('title'), 'Nov 20, 2026 15:00 UTC (site time)');
        // Every time on the page, not only the footer's: none is left in the site's zone.
        const texts = await page.locator('time[datetime]').allInnerTexts();
        assert.ok(texts.length > 0);
        for (const s of texts) assert.ok(!s.endsWith(' UTC'), `/${path}: ${s}`);
      }
    });
  });
}

// A page's first Intl.DateTimeFormat loads the browser's locale data: one long task (100–170 ms on
// a phone-speed CPU) that would block a tap, so the page script formats in a worker; a browser
// that cannot start one (no module workers) gets the same text formatted on the page's thread.
const cases = {
  worker: 'in a worker, never on the page\'s thread',
  none: 'on the page\'s thread when no worker can start',
  failing: 'on the page\'s thread when the worker fails',
  silent: 'on the page\'s thread when the worker never answers',
};
for (const [how, what] of Object.entries(cases)) {
  test(`times are formatted ${what}`, async (t) => {
    await withPage(browser, t, { timezoneId: 'America/New_York' }, async ({ page }) => {
      // Counts every date formatter the page's thread makes: `Intl.DateTimeFormat` with or without
      // `new`, and the `Date` methods that make one inside.
      await page.addInitScript((how) => {
        globalThis.__formatters = 0;
        const count = () => globalThis.__formatters++;
        Intl.DateTimeFormat = new Proxy(Intl.DateTimeFormat, {
          construct: (c, a) => (count(), Reflect.construct(c, a)),
          apply: (f, self, a) => (count(), Reflect.apply(f, self, a)),
        });
        for (const name of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']) {
          const f = Date.prototype[name];
          Date.prototype[name] = function (...a) { count(); return f.apply(this, a); };
        }
        if (how === 'none') delete globalThis.Worker;
      }, how);
      if (how === 'failing' || how === 'silent') {
        // The real module, whose worker then throws on its first message, or never answers;
        // imported on the page's thread it is the real one.
        const worker = how === 'failing' ? "() => { throw new Error('worker failed'); }" : '() => {}';
        await page.route('**/widget/page-times.*.js', async (route) => {
          const real = await (await route.fetch()).text();
          await route.fulfill({
            contentType: 'text/javascript',
            body: `${real}\nif (!globalThis.document) globalThis.onmessage = ${worker};\n`,
          });
        });
      }
      const workers = [];
      page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
      await openLive(page, stale.url);
      const foot = page.locator('footer time');
      // A silent worker is given up on after 5 s.
      await eventually(async () => (await foot.innerText()) === 'Nov 20, 2026 10:00 EST', { what: 'the footer in the visitor\'s zone', timeout: 15_000 });
      assert.equal(await foot.getAttribute('title'), 'Nov 20, 2026 15:00 UTC (site time)');
      const made = await page.evaluate(() => globalThis.__formatters);
      if (how === 'worker') {
        assert.equal(made, 0, 'no date formatter made on the page\'s thread');
      } else {
        assert.ok(made >= 1, 'formatted on the page\'s thread');
      }
      if (how === 'none') {
        assert.deepEqual(workers, []);
      } else {
        assert.equal(workers.length, 1);
        assert.match(workers[0], /^\/widget\/page-times\.[0-9a-f]{10}\.js$/);
      }
    });
  });
}
