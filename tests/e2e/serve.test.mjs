// `statusmark serve` as an author uses it: edit a file and the open page updates by itself; break
// a file and the page shows the errors in an overlay; fix it and the page recovers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureCopy, serve, launch, eventually, withPage } from './harness.mjs';

let browser;
let server;
let root;

before(async () => {
  root = fixtureCopy('basic');
  server = await serve(root, '2026-11-20T15:00:00Z');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test('edits reload the page; errors show in an overlay until fixed', async (t) => {
  await withPage(browser, t, async ({ page }) => {
    const file = path.join(root, 'incidents/2026-11-20-api-errors.md');
    const original = readFileSync(file, 'utf8');
    await page.goto(server.url);
    assert.equal(await page.locator('#active-h + article h3').textContent(), 'API errors');

    // Edit: the open page reloads and shows the new title. The rebuild follows the watcher's
    // report of that file (with `--root .`, as authors run it), not the once-a-second fallback.
    writeFileSync(file, original.replace('title: API errors', 'title: API errors in the EU region'));
    await eventually(async () => (await page.locator('#active-h + article h3').textContent()) === 'API errors in the EU region', { what: 'the edited title', timeout: 15000 });
    await eventually(async () => /built: \d+ files written in \d+ ms after incidents\/2026-11-20-api-errors\.md changed/.test(server.log()), { what: 'a rebuild naming the edited file', timeout: 5000 });

    // Saved the way many editors and `sed -i` save: a new file renamed over the old one.
    const temporary = path.join(root, 'incidents/.2026-11-20-api-errors.md.swp');
    writeFileSync(temporary, original.replace('title: API errors', 'title: API errors, renamed into place'));
    renameSync(temporary, file);
    await eventually(async () => (await page.locator('#active-h + article h3').textContent()) === 'API errors, renamed into place', { what: 'the title saved by rename', timeout: 15000 });

    // Break it: the previous page stays, with the errors on top.
    writeFileSync(file, original.replace('api: partial_outage', 'apii: partial_outage'));
    const overlay = page.locator('#statusmark-overlay');
    await eventually(async () => (await overlay.count()) === 1 && /unknown component "apii"/.test(await overlay.textContent()), { what: 'the error overlay', timeout: 15000 });
    assert.match(await overlay.textContent(), /did you mean "api"\?/);
    assert.match(await overlay.textContent(), /incidents\/2026-11-20-api-errors\.md:6:3/);
    assert.equal(await page.locator('#active-h + article h3').textContent(), 'API errors, renamed into place');

    // Fix it: the overlay goes and the page is current again.
    writeFileSync(file, original);
    await eventually(async () => (await overlay.count()) === 0 && (await page.locator('#active-h + article h3').textContent()) === 'API errors', { what: 'recovery', timeout: 15000 });
  });
});

test('built files never carry the live-reload script', async () => {
  const html = readFileSync(path.join(server.out, 'index.html'), 'utf8');
  assert.ok(!html.includes('__statusmark'), 'the script is injected by the server only');
  const served = await (await fetch(server.url)).text();
  assert.ok(served.includes('/__statusmark/live.js'));
});
