// A site in German (tests/fixtures/german) in Chromium with JavaScript on: the page script keeps
// the page current in German (its words come from the page), times move to the visitor's zone in
// German, and a live incident card reads as the generator's German card.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureCopy, editFeed, advanceClock, cdn, launch, eventually, localTimes, withPage } from './harness.mjs';

const NOW = '2026-11-20T15:00:00Z';
let browser;
let server;

before(async () => {
  browser = await launch();
  server = await cdn(fixtureCopy('german'), NOW);
});
after(async () => {
  await browser?.close();
  server?.stop();
});

// What the page script would write in English, had it not been told the page's words.
const ENGLISH = /Operational|Partial Outage|Major Outage|System Outage|Investigating|Resolved|impact|started|out of date|site time|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d/;

test('the page script keeps a German page German', async (t) => {
  await withPage(browser, t, { timezoneId: 'America/New_York' }, async ({ page, problems }) => {
    await page.clock.install();
    const feed = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/status.json'));
    await page.goto(server.url);
    await (await feed).finished();
    // The feed was built on Nov 20: by the browser's clock the page is out of date, and says so.
    const note = page.locator('[data-sm-age]');
    await eventually(async () => (await note.textContent()).includes('zuletzt aktualisiert vor'), { what: 'the out-of-date note' });
    assert.match(await note.textContent(), /^Diese Seite ist möglicherweise nicht aktuell – zuletzt aktualisiert vor \d+ Tagen$/);
    // Times in the visitor's zone, in German; the site's own time in the title, in German.
    const foot = page.locator('footer time');
    await eventually(async () => (await foot.getAttribute('title')) !== null, { what: 'the footer time in the visitor zone' });
    assert.match(await foot.textContent(), /^20\.11\.2026 10:00 /);
    assert.equal(await foot.getAttribute('title'), '20.11.2026 16:00 CET (Ortszeit der Seite)');

    // A new incident arrives live: its card reads as the generator's German card.
    editFeed(server.out, (f) => {
      f.incidents.unshift({
        id: '2026-11-20-anmeldung', title: 'Anmeldung langsam', impact: 'minor', status: 'investigating',
        started_at: '2026-11-20T15:10:00Z', latest_update: 'Wir sehen nach.', url: '', components: ['web'],
        updates: [{ at: '2026-11-20T15:10:00Z', status: 'investigating', body: 'Wir sehen nach.' }],
      });
      f.components.find((c) => c.id === 'web').status = 'degraded_performance';
    });
    await advanceClock(page, 40_000);
    const card = page.locator('[data-sm-incident="2026-11-20-anmeldung"]');
    await eventually(async () => (await card.count()) === 1, { what: 'the new incident card' });
    await localTimes(page);
    assert.match(await card.locator('.meta').innerText(), /^Untersuchung läuft · Auswirkung: Gering · Beginn: 20\.11\.2026 10:10 /);
    assert.equal(await page.locator('[data-sm-component="web"] .st-text').textContent(), 'Beeinträchtigte Leistung');
    assert.equal((await page.locator('.banner-text').textContent()).trim(), 'Teilweiser Systemausfall');

    const text = await page.locator('body').innerText();
    assert.doesNotMatch(text, ENGLISH, 'English written by the page script');
    assert.deepEqual(problems, []);
  });
});

test('a German incident page follows its resolution in German', async (t) => {
  await withPage(browser, t, { timezoneId: 'Europe/Berlin' }, async ({ page, problems }) => {
    await page.clock.install();
    await page.goto(`${server.url}incidents/2026-11-20-api-fehler/`);
    editFeed(server.out, (f) => {
      const i = f.incidents.find((x) => x.id === '2026-11-20-api-fehler');
      i.status = 'resolved';
      i.resolved_at = '2026-11-20T16:05:00Z';
      i.updates.unshift({ at: '2026-11-20T16:05:00Z', status: 'resolved', body: 'Behoben.' });
    });
    await advanceClock(page, 40_000);
    const row = page.locator('[data-sm-resolved]');
    await eventually(async () => (await row.innerText()).startsWith('Behoben'), { what: 'the resolution' });
    await localTimes(page);
    assert.match(await row.innerText(), /^Behoben\s+20\.11\.2026 17:05 MEZ \(2 Std\. 5 Min\.\)$/);
    assert.equal(await page.locator('[data-sm-incident-tag]').textContent(), 'Behoben');
    assert.equal(await page.locator('.timeline li h3').first().textContent(), 'Behoben');
    assert.doesNotMatch(await page.locator('body').innerText(), ENGLISH);
    assert.deepEqual(problems, []);
  });
});

// A site in English and German (tests/fixtures/bilingual): German under /de/, some incidents
// translated, one not, one only in part.
test('a bilingual site: the switcher works without JavaScript and German pages pass axe', async (t) => {
  const bilingual = await cdn(fixtureCopy('bilingual'), NOW);
  t.after(() => bilingual.stop());
  await withPage(browser, t, { javaScriptEnabled: false }, async ({ page, problems }) => {
    await page.goto(bilingual.url + 'de/incidents/2026-11-20-api-errors/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    assert.equal(await page.locator('h1').textContent(), 'Fehler bei Schnittstellenaufrufen');
    // The one update not translated yet is the original's, marked English, after a German note.
    const note = page.locator('.note-lang');
    assert.equal(await note.count(), 1);
    assert.equal(await note.textContent(), 'Noch nicht ins Deutsche übersetzt; hier ist das Original.');
    assert.equal((await page.locator('.timeline [lang="en"]').textContent()).trim(), 'A faulty release is being rolled back.');
    // To English and back, by the links alone.
    const switcher = page.getByRole('navigation', { name: 'Sprache' });
    await switcher.getByRole('link', { name: 'English' }).click();
    assert.equal(new URL(page.url()).pathname, '/incidents/2026-11-20-api-errors/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('h1').textContent(), 'Errors from interface calls');
    const current = page.getByRole('navigation', { name: 'Language' }).locator('[aria-current="page"]');
    assert.equal(await current.textContent(), 'English');
    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Deutsch' }).click();
    assert.equal(new URL(page.url()).pathname, '/de/incidents/2026-11-20-api-errors/');
    // The German home page loads its stylesheet from the root: the theme's colours apply.
    const sheet = page.waitForResponse((r) => r.url().includes('/assets/style.'));
    await page.goto(bilingual.url + 'de/');
    assert.equal((await sheet).status(), 200);
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()), '');
    assert.deepEqual(problems, []);
  });
  const axeSource = (await import('node:fs')).readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
  for (const scheme of ['light', 'dark']) {
    await withPage(browser, t, { bypassCSP: true, colorScheme: scheme }, async ({ page }) => {
      const report = [];
      for (const path of ['de/', 'de/incidents/2026-11-20-api-errors/', 'de/incidents/2026-11-05-mail-delays/', 'de/maintenance/2026-11-25-mail-move/', 'de/history/']) {
        await page.goto(bilingual.url + path);
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(async () => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
        for (const v of result.violations) report.push(`/${path} (${scheme}): ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      }
      assert.deepEqual(report, []);
    });
  }
});

// The page script on a German page of a bilingual site: the feed is the root's, in English. A new
// incident's card leads to its German page and marks the feed's English words as English; a card
// made again for a new update keeps the page's German title.
test('live updates on a German page of a bilingual site stay in the German folder', async (t) => {
  const bilingual = await cdn(fixtureCopy('bilingual'), NOW);
  t.after(() => bilingual.stop());
  await withPage(browser, t, { timezoneId: 'Europe/Berlin' }, async ({ page, problems }) => {
    await page.clock.install();
    const feed = page.waitForResponse((r) => new URL(r.url()).pathname === '/status.json');
    await page.goto(`${bilingual.url}de/`);
    await (await feed).finished();
    editFeed(bilingual.out, (f) => {
      f.incidents.unshift({
        id: '2026-11-20-login-slow', title: 'Slow sign-in', impact: 'minor', status: 'investigating',
        started_at: '2026-11-20T15:10:00Z', latest_update: 'Looking.', url: 'https://status.example.test/incidents/2026-11-20-login-slow/',
        components: ['web'], updates: [{ at: '2026-11-20T15:10:00Z', status: 'investigating', body: 'Looking.' }],
      });
      const api = f.incidents.find((i) => i.id === '2026-11-20-api-errors');
      api.status = 'monitoring';
      api.updates.unshift({ at: '2026-11-20T15:20:00Z', status: 'monitoring', body: 'Error rates are falling.' });
    });
    await advanceClock(page, 40_000);
    const card = page.locator('[data-sm-incident="2026-11-20-login-slow"]');
    await eventually(async () => (await card.count()) === 1, { what: 'the new incident card' });
    const link = card.locator('h3 a');
    assert.equal(await link.getAttribute('href'), 'incidents/2026-11-20-login-slow/');
    assert.equal(await link.getAttribute('lang'), 'en');
    assert.equal(await card.locator('.latest p').getAttribute('lang'), 'en');
    assert.match(await card.locator('.meta').innerText(), /^Untersuchung läuft · Auswirkung: Gering/);
    // The translated incident's card, made again for its new update: the German title stays.
    const api = page.locator('[data-sm-incident="2026-11-20-api-errors"]');
    await eventually(async () => (await api.locator('.tag').textContent()) === 'Wird beobachtet', { what: 'the updated card' });
    assert.equal(await api.locator('h3').textContent(), 'Fehler bei Schnittstellenaufrufen');
    assert.equal(await api.locator('h3 a').getAttribute('href'), 'incidents/2026-11-20-api-errors/');
    assert.equal(await api.locator('.latest p').getAttribute('lang'), 'en');
    assert.deepEqual(problems, []);
  });
});
