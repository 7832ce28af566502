// An open page follows the next build's status.json: a new update to an incident refreshes its card
// on the home page even when the status stays; an incident's own page gains the update, its status
// and its resolution, in the markup the generator renders for the same update; maintenance phase
// tags follow the visitor's clock and the stated phases. Text from the feed stays text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureCopy, cdn, editFeed, advanceClock, launch, eventually, localTimes, withPage } from './harness.mjs';

const NOW = '2026-11-20T15:00:00Z';
const INCIDENT = '2026-11-20-api-errors';
// Raw HTML in an update is shown as text by the generator; the page script must do the same.
const HOSTILE = 'We found the cause <img src=x onerror="window.pwned=1"> and <script>window.pwned=2</script> a fix is rolling out.';
let browser;
const servers = [];

before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  for (const s of servers) s.stop();
});

/** The basic fixture, its API incident changed by `edit(text)`, built at NOW and served. */
async function site(edit = (text) => text) {
  const root = fixtureCopy('basic');
  const file = path.join(root, 'incidents', `${INCIDENT}.md`);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  const server = await cdn(root, NOW);
  servers.push(server);
  return server;
}

/** Add an update above the others (they are newest first). */
const update = (heading, body) => (text) => text.replace('\n## ', `\n## ${heading}\n${body}\n\n## `);
const resolved = (at) => (text) => text.replace(/^started: .*$/m, (line) => `${line}\nresolved: ${at}`);

/** The next build: its feed replaces the open site's, as a deploy would. */
const deploy = (next, open) => copyFileSync(path.join(next.out, 'status.json'), path.join(open.out, 'status.json'));

/** What a person sees of an element (text) and its markup's shape (tags and classes, in order). */
const seen = (locator) => locator.evaluate((e) => ({
  text: e.innerText.trim(),
  shape: [e, ...e.querySelectorAll('*')].map((x) => `${x.localName}.${[...x.classList].join('.')}`).join(' '),
}));

/** Open `url` with the page script running, times in the visitor's zone. */
async function openLive(page, url) {
  await page.goto(url);
  await eventually(async () => !(await page.locator('main').innerText()).includes(' UTC'), { what: `${url}: local times` });
}

async function run(t, body, options = {}) {
  await withPage(browser, t, { timezoneId: 'America/New_York', ...options }, async ({ page, context, problems }) => {
    await body(page, context);
    assert.deepEqual(await page.evaluate(() => window.pwned), undefined, 'feed text never runs');
    assert.deepEqual(problems, []);
  });
}

test('a new update with the same status refreshes its card on the home page, as the next build renders it', async (t) => {
  const open = await site();
  const next = await site(update('Investigating — 2026-11-20T14:30:00Z', HOSTILE));
  await run(t, async (page, context) => {
    await page.clock.install();
    await openLive(page, open.url);
    const card = page.locator(`[data-sm-active] [data-sm-incident="${INCIDENT}"]`);
    assert.match((await seen(card)).text, /We are investigating elevated error rates\.$/);
    assert.equal(await page.locator('[data-sm-announce]').textContent(), '', 'nothing new to say yet');

    deploy(next, open);
    await advanceClock(page, 40_000);
    await eventually(async () => (await card.locator('.latest').innerText()).includes('rolling out'), { what: 'the new update on the card' });
    await localTimes(page);
    assert.equal(await card.locator('.latest time').getAttribute('datetime'), '2026-11-20T14:30:00Z');
    assert.equal(await card.locator('.latest img, .latest script').count(), 0, 'the update is text');
    assert.equal(await page.locator('[data-sm-active] [data-sm-incident]').count(), 1, 'one card, refreshed');
    // Said to screen readers through the announcer that was there, empty, from the first paint.
    assert.match(await page.locator('[data-sm-announce]').textContent(), /^API errors: Investigating\. We found the cause .*rolling out\.$/);

    // The same update built into the page: it reads the same and has the same markup.
    const built = await context.newPage();
    await openLive(built, next.url);
    assert.deepEqual(await seen(card), await seen(built.locator(`[data-sm-active] [data-sm-incident="${INCIDENT}"]`)));
  });
});

test("an incident's page follows its updates, status and resolution, as the next build renders them", async (t) => {
  const open = await site();
  const monitoring = update('Monitoring — 2026-11-20T14:30:00Z', HOSTILE);
  const later = await site(monitoring);
  const fixed = await site((text) => resolved('2026-11-20T14:45:00Z')(update('Resolved — 2026-11-20T14:45:00Z', 'All requests succeed again.')(monitoring(text))));
  const incidentPath = `incidents/${INCIDENT}/`;
  await run(t, async (page, context) => {
    await page.clock.install();
    await openLive(page, open.url + incidentPath);
    const items = page.locator('ol.timeline > li');
    assert.equal(await items.count(), 1);
    const built = await context.newPage();

    deploy(later, open);
    await advanceClock(page, 40_000);
    await eventually(async () => (await items.count()) === 2, { what: 'the new update in the timeline' });
    await localTimes(page);
    assert.equal(await page.locator('[data-sm-incident-tag]').innerText(), 'Monitoring');
    assert.equal(await items.first().locator('h3').innerText(), 'Monitoring');
    assert.match(await page.locator('[data-sm-announce]').textContent(), /^Monitoring: We found the cause/);
    assert.equal(await page.locator('ol.timeline img, ol.timeline script').count(), 0, 'the update is text');
    await openLive(built, later.url + incidentPath);
    assert.deepEqual(await seen(page.locator('ol.timeline')), await seen(built.locator('ol.timeline')));
    assert.deepEqual(await seen(page.locator('dl.facts dd').first()), await seen(built.locator('dl.facts dd').first()));

    deploy(fixed, open);
    await advanceClock(page, 40_000);
    await eventually(async () => (await items.count()) === 3, { what: 'the resolution in the timeline' });
    await localTimes(page);
    await openLive(built, fixed.url + incidentPath);
    assert.equal(await page.locator('[data-sm-incident-tag]').innerText(), 'Resolved');
    assert.match(await page.locator('[data-sm-resolved]').innerText(), /^Resolved\s+Nov 20, 2026 09:45 EST \(45 min\)$/);
    // Status, impact, start and resolution read as the built page's; so does the whole timeline.
    for (const n of [0, 1, 2, 3]) {
      assert.deepEqual(await seen(page.locator('dl.facts > div').nth(n)), await seen(built.locator('dl.facts > div').nth(n)), `fact ${n}`);
    }
    assert.deepEqual(await seen(page.locator('ol.timeline')), await seen(built.locator('ol.timeline')));
  });
});

test('an update in the same minute as the last one still reaches the card and the timeline', async (t) => {
  // The fixture's update is at 14:00; the next build adds another at 14:00 with the same status.
  const open = await site();
  const next = await site(update('Investigating — 2026-11-20T14:00:00Z', 'Requests from eu-2 are affected too.'));
  await run(t, async (page, context) => {
    await page.clock.install();
    await openLive(page, open.url);
    const card = page.locator(`[data-sm-active] [data-sm-incident="${INCIDENT}"]`);
    const incident = await context.newPage();
    await incident.clock.install();
    await openLive(incident, `${open.url}incidents/${INCIDENT}/`);
    assert.equal(await incident.locator('ol.timeline > li').count(), 1);

    deploy(next, open);
    await advanceClock(page, 40_000);
    await advanceClock(incident, 40_000);
    await eventually(async () => (await card.locator('.latest').innerText()).includes('eu-2'), { what: 'the same-minute update on the card' });
    await eventually(async () => (await incident.locator('ol.timeline > li').count()) === 2, { what: 'the same-minute update in the timeline' });
    assert.match(await incident.locator('ol.timeline').innerText(), /eu-2/);
    // Stable: the next polls neither add it again nor rebuild the card.
    const before = await card.evaluate((e) => { e.dataset.marked = '1'; return e.dataset.marked; });
    await advanceClock(page, 40_000);
    await advanceClock(incident, 40_000);
    assert.equal(await card.evaluate((e) => e.dataset.marked), before, 'the card is kept');
    assert.equal(await incident.locator('ol.timeline > li').count(), 2);
    await incident.close();
  });
});

test('an incident page built without updates shows the first one when it comes', async (t) => {
  // Updates removed: the page has no timeline yet, only its hidden place.
  const open = await site((text) => text.slice(0, text.indexOf('\n## ') + 1));
  const next = await site();
  await run(t, async (page) => {
    await page.clock.install();
    await openLive(page, `${open.url}incidents/${INCIDENT}/`);
    const updates = page.locator('[data-sm-updates]');
    assert.ok(!(await updates.isVisible()));
    deploy(next, open);
    await advanceClock(page, 40_000);
    await eventually(() => updates.isVisible(), { what: 'the timeline' });
    assert.equal(await updates.locator('li h3').innerText(), 'Investigating');
    assert.equal(await updates.locator('li .prose').innerText(), 'We are investigating elevated error rates.');
  });
});

// The fixture's window: 2026-11-25 22:00 to 2026-11-26 00:00 UTC, on Email; built on Nov 20.
const MAINT = '2026-11-25-email-provider';

test('maintenance phase tags follow the visitor clock and the stated phases', async (t) => {
  const open = await site();
  await run(t, async (page) => {
    await page.clock.install({ time: new Date('2026-11-25T21:59:00Z') });
    await openLive(page, open.url);
    const tag = page.locator(`[data-sm-maintenance="${MAINT}"]`);
    const email = page.locator('[data-sm-component="email"] [data-sm-status] .st-text');
    const at = async (when, want, status) => {
      await page.clock.setSystemTime(new Date(when));
      await advanceClock(page, 40_000);
      await eventually(async () => (await tag.innerText()) === want, { what: `${when}: ${want}` });
      assert.equal(await email.innerText(), status, `${when}: Email`);
    };
    // By the clock alone.
    assert.equal(await tag.innerText(), 'Scheduled');
    await at('2026-11-25T22:00:00Z', 'In progress', 'Under Maintenance');
    await at('2026-11-26T00:00:00Z', 'Completed', 'Operational');

    // Stated phases beat the clock: verifying, then completed early.
    editFeed(open.out, (feed) => {
      feed.maintenances.find((m) => m.id === MAINT).phase_changes = [{ at: '2026-11-25T22:30:00Z', phase: 'verifying' }];
    });
    await at('2026-11-25T22:20:00Z', 'In progress', 'Under Maintenance');
    await at('2026-11-25T22:40:00Z', 'Verifying', 'Under Maintenance');
    editFeed(open.out, (feed) => {
      feed.maintenances.find((m) => m.id === MAINT).phase_changes.push({ at: '2026-11-25T22:45:00Z', phase: 'completed' });
    });
    await at('2026-11-25T22:50:00Z', 'Completed', 'Operational');

    // Without auto-complete and no completion stated, it overruns past its end.
    editFeed(open.out, (feed) => {
      const m = feed.maintenances.find((x) => x.id === MAINT);
      m.phase_changes = [];
      m.auto_complete = false;
    });
    await at('2026-11-26T00:30:00Z', 'In progress, overrunning', 'Under Maintenance');

    // Cancelled: cancelled whatever the clock says.
    editFeed(open.out, (feed) => { feed.maintenances.find((m) => m.id === MAINT).status = 'cancelled'; });
    await at('2026-11-25T23:00:00Z', 'Cancelled', 'Operational');
  });
});
