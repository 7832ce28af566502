// Every page type in Chromium, with JavaScript disabled and enabled, under the Content-Security-
// Policy the CDN sends: what a visitor sees is there either way, and nothing is blocked or broken.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureCopy, cdn, launch, withPage } from './harness.mjs';

let browser;
let server;

before(async () => {
  server = await cdn(fixtureCopy('basic'), '2026-11-20T15:00:00Z');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

const pages = [
  ['home', '', ['Partial System Outage', 'API errors', 'Core', 'Email']],
  ['incident', 'incidents/2026-11-10-web-down/', ['Web app unavailable', 'Resolved', 'We are looking into it.']],
  ['maintenance', 'maintenance/2026-11-25-email-provider/', ['Email provider migration', 'Scheduled']],
  ['history', 'history/', ['Incident history', 'November 2026', 'Web app unavailable']],
  ['component', 'components/web/', ['Uptime by month', 'Web app unavailable']],
  ['year report', 'reports/2026/', ['Uptime report 2026', 'Uptime by quarter', 'Response times']],
  ['404', 'no/such/page', ['Page not found']],
];

for (const js of [false, true]) {
  for (const [name, path, texts] of pages) {
    test(`${name} page with JavaScript ${js ? 'enabled' : 'disabled'}`, async (t) => {
      await withPage(browser, t, { javaScriptEnabled: js }, async ({ page, problems }) => {
        // Every page runs the page script once loaded: it fetches status.json and applies it.
        const feedLoaded = js
          ? page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/status.json'))
          : null;
        const response = await page.goto(server.url + path);
        assert.equal(response.status(), name === '404' ? 404 : 200);
        const body = await page.locator('body').innerText();
        for (const text of texts) assert.ok(body.includes(text), `${name}: missing "${text}"`);
        // Landmarks and a single h1 on every page.
        assert.equal(await page.locator('main').count(), 1);
        assert.equal(await page.locator('h1').count(), 1);
        if (feedLoaded) {
          // Whatever the script does with the feed, good or bad, must have happened before the
          // problems are counted: the body has arrived, and the wasm reads it within two frames.
          await (await feedLoaded).finished();
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        }
        const expected = name === '404' ? problems.filter((p) => !p.includes('404')) : problems;
        assert.deepEqual(expected, [], `${name}: console or network problems`);
      });
    });
  }
}

// WCAG 2.1 AA with axe-core, in light and dark mode, on every page type a visitor reads.
const axeSource = (await import('node:fs')).readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
for (const scheme of ['light', 'dark']) {
  test(`no WCAG 2.1 AA violations (${scheme})`, async (t) => {
    // axe is injected as a script, which the page's CSP rightly forbids: bypass it for the audit only.
    await withPage(browser, t, { bypassCSP: true, colorScheme: scheme }, async ({ page }) => {
      const report = [];
      for (const path of ['', 'incidents/2026-11-10-web-down/', 'maintenance/2026-11-25-email-provider/', 'history/', 'components/web/']) {
        await page.goto(server.url + path);
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(async () => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
        for (const v of result.violations) report.push(`/${path}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      }
      assert.deepEqual(report, []);
    });
  });
}

// Each component's days are a list behind a <details>: without JavaScript, a keyboard opens it
// and every line is text a screen reader reads (the bar itself is one image).
test('the day-by-day details open from the keyboard without JavaScript', async (t) => {
  await withPage(browser, t, { javaScriptEnabled: false }, async ({ page }) => {
    for (const path of ['', 'components/web/']) {
      await page.goto(server.url + path);
      const web = page.locator('[data-sm-component="web"]');
      const days = web.locator('details.days');
      const lines = days.getByRole('listitem');
      assert.equal(await lines.first().isVisible(), false, `/${path}: starts closed`);
      await days.locator('summary').focus();
      await page.keyboard.press('Enter');
      assert.ok(await lines.first().isVisible(), `/${path}: opens`);
      const text = await lines.allInnerTexts();
      assert.ok(text.includes('Nov 10, 2026: Major Outage — Web app unavailable (60 min downtime)'), `/${path}: ${text}`);
      const name = await days.locator('summary').evaluate((s) => s.textContent);
      assert.equal(name, 'Day by day: Web', 'each disclosure has its own name');
    }
  });
});

// The Subscribe menu is a <details>: closed, its links are hidden; opened from the keyboard with
// JavaScript off, they show, and each one serves its feed. A component's page lists its own first.
test('the Subscribe menu opens without JavaScript and its feeds load', async (t) => {
  await withPage(browser, t, { javaScriptEnabled: false }, async ({ page }) => {
    for (const [path, own] of [['', null], ['components/web/', 'Web']]) {
      await page.goto(server.url + path);
      const menu = page.locator('header details.subscribe');
      const links = menu.getByRole('link');
      assert.equal(await links.first().isVisible(), false, `/${path}: the menu starts closed`);
      await menu.locator('summary', { hasText: 'Subscribe' }).focus();
      await page.keyboard.press('Enter');
      const names = await links.allInnerTexts();
      const feeds = ['Atom feed', 'RSS feed', 'Maintenance calendar'];
      assert.deepEqual(names, own ? [...feeds, ...feeds] : feeds, `/${path}`);
      for (const link of await links.all()) assert.ok(await link.isVisible(), `/${path}: a hidden link`);
      if (own) assert.ok((await menu.innerText()).includes(own), `/${path}: the component is named`);
      for (const href of await links.evaluateAll((as) => as.map((a) => a.href))) {
        const response = await page.request.get(href);
        assert.equal(response.status(), 200, href);
        assert.ok((await response.text()).length > 0, href);
      }
    }
  });
});

test('every page fits a 320 px wide phone without horizontal scrolling', async (t) => {
  await withPage(browser, t, { viewport: { width: 320, height: 640 } }, async ({ page }) => {
    for (const [name, path] of pages) {
      await page.goto(server.url + path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 320, `${name}: ${width} px wide`);
    }
  });
});

// Regression: the year report scrolled sideways, at 375 px and, with most of a year of figures,
// at 1000 px: the visually hidden text of its cells ("not covered", "no data") is absolutely
// positioned, and escaped the tables' scroll containers to the far right of the page.
test('a year report with a full year of figures fits 1000 and 375 px wide windows', async (t) => {
  // Eleven months of figures make the monthly table wider than 1000 px; December is not covered.
  const reports = await cdn(fixtureCopy('reports'), '2026-11-30T12:00:00Z');
  try {
    for (const width of [1000, 375]) {
      await withPage(browser, t, { viewport: { width, height: 800 } }, async ({ page }) => {
        await page.goto(reports.url + 'reports/2026/');
        assert.ok((await page.locator('body').innerText()).includes('Uptime by month'));
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= width, `${width} px window: the page is ${wide} px wide`);
        // The table itself is wider, and scrolls inside its region.
        const table = await page.evaluate(() => document.querySelector('.report-scroll').scrollWidth);
        assert.ok(table > width - 200, `the monthly table is ${table} px wide`);
      });
    }
  } finally {
    reports.stop();
  }
});
