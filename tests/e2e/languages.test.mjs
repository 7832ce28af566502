// A site in German (tests/fixtures/german) in Chromium with JavaScript on: the page script keeps
// the page current in German (its words come from the page), times move to the visitor's zone in
// German, and a live incident card reads as the generator's German card.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureCopy, editFeed, advanceClock, cdn, launch, eventually, withPage } from './harness.mjs';

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
    assert.match(await row.innerText(), /^Behoben\s+20\.11\.2026 17:05 MEZ \(2 Std\. 5 Min\.\)$/);
    assert.equal(await page.locator('[data-sm-incident-tag]').textContent(), 'Behoben');
    assert.equal(await page.locator('.timeline li h3').first().textContent(), 'Behoben');
    assert.doesNotMatch(await page.locator('body').innerText(), ENGLISH);
    assert.deepEqual(problems, []);
  });
});
