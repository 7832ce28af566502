// The embedded widget in every language Statusmark ships, on someone else's page: it follows its
// `lang` attribute, else the host page's `<html lang>`, else English; it loads only the words of
// the languages on the page (`widget/i18n/<code>.json`), and the embed stays within its budget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { fixtureCopy, cdn, launch, withPage, eventually } from './harness.mjs';

let browser;
let site;
let host;
let hostOrigin;

before(async () => {
  browser = await launch();
  // Built "now", so the feed is fresh and no widget shows a stale note.
  site = await cdn(fixtureCopy('basic'), new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
  // The host page on another origin: `?lang=de` sets its <html lang>; `?el=fr` gives the widget its
  // own `lang`; the widget comes from the site, as an embed copies it.
  host = http.createServer((req, res) => {
    const q = new URL(req.url, 'http://x').searchParams;
    const page = q.get('lang') ? ` lang="${q.get('lang')}"` : '';
    const own = q.get('el') ? ` lang="${q.get('el')}"` : '';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html${page}><head><script type="module" src="${site.url}widget/statusmark.js"></script></head>
      <body><statusmark-status id="w" feed="${site.url}status.json" variant="full"${own}></statusmark-status></body></html>`);
  });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
  hostOrigin = `http://127.0.0.1:${host.address().port}`;
});
after(async () => {
  await browser?.close();
  site?.stop();
  host?.close();
});

// The fixture's overall status and the API's status, as each language says them.
const cases = [
  ['en', 'Partial System Outage', 'Partial Outage'],
  ['de', 'Teilweiser Systemausfall', 'Teilweiser Ausfall'],
  ['fr', 'Panne partielle des systèmes', 'Panne partielle'],
  ['es', 'Interrupción parcial del sistema', 'Interrupción parcial'],
  ['ja', 'システムの一部が停止しています', '部分的な停止'],
];

/** Open the host page with `query` on `page`; what the widget shows once it has loaded. */
async function shown(page, query) {
  const words = [];
  page.on('request', (r) => { if (r.url().includes('/widget/i18n/')) words.push(new URL(r.url()).pathname); });
  await page.goto(`${hostOrigin}/?${query}`);
  const head = page.locator('#w .head .txt');
  await eventually(async () => !(await head.textContent()).includes('…'), { what: 'the widget loaded' });
  const api = page.locator('#w .comp[data-component="api"] .st');
  await eventually(async () => (await api.count()) === 1, { what: 'the API row' });
  return { words, head: await head.textContent(), api: await api.textContent() };
}

for (const [lang, overall, partial] of cases) {
  test(`a widget on a page in ${lang} speaks ${lang}`, (t) => withPage(browser, t, async ({ page, problems }) => {
    const { words, head, api } = await shown(page, lang === 'en' ? '' : `lang=${lang}`);
    assert.equal(head, overall);
    assert.equal(api, partial);
    // Only the language needed, and nothing for English.
    assert.deepEqual(words, lang === 'en' ? [] : [`/widget/i18n/${lang}.json`]);
    assert.deepEqual(problems, []);
  }));
}

test("the widget's own lang wins over the page's, and a region tag speaks its language", (t) => withPage(browser, t, async ({ page, problems }) => {
  const { head } = await shown(page, 'lang=de&el=fr-CA');
  assert.equal(head, 'Panne partielle des systèmes');
  // A language Statusmark does not ship: English.
  await page.goto(`${hostOrigin}/?lang=pt-BR`);
  const txt = page.locator('#w .head .txt');
  await eventually(async () => (await txt.textContent()) === 'Partial System Outage', { what: 'English' });
  // Changing the attribute re-mounts it in the new language.
  await page.evaluate(() => document.getElementById('w').setAttribute('lang', 'ja'));
  await eventually(async () => (await txt.textContent()) === 'システムの一部が停止しています', { what: 'Japanese' });
  assert.deepEqual(problems, []);
}));
