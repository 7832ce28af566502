// Shared helpers for the end-to-end tests: the real statusmark binary, a real HTTP server on
// 127.0.0.1, and Debian's Chromium driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, cpSync, readFileSync, writeFileSync, statSync, rmSync } from 'node:fs';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = process.env.STATUSMARK_BIN || path.join(repo, 'target/release/statusmark');
export const artifacts = path.join(repo, 'tests/e2e/artifacts');

const copies = [];
// The copies go when the test file's process ends; after a failure they stay, to look into.
process.on('exit', (code) => {
  for (const dir of copies) {
    if (code !== 0) {
      console.error(`kept for inspection: ${dir}`);
      continue;
    }
    // Never turn a passing file into a failure over a leftover folder.
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      console.error(`could not remove ${dir}: ${e.message}`);
    }
  }
});

/** Copy a fixture site to a temp dir (tests may edit it) and return its path. */
export function fixtureCopy(name) {
  const dir = mkdtempSync(path.join(tmpdir(), `statusmark-${name}-`));
  copies.push(dir);
  cpSync(path.join(repo, 'tests/fixtures', name), dir, { recursive: true });
  return dir;
}

/** Rewrite the built `status.json` in `out` with `edit(feed)`, as the next build would. */
export function editFeed(out, edit) {
  const file = path.join(out, 'status.json');
  const feed = JSON.parse(readFileSync(file, 'utf8'));
  edit(feed);
  writeFileSync(file, JSON.stringify(feed));
}

/**
 * Start `statusmark serve` on a free port, as an author does: in the site's folder, with the
 * default `--root .` and `--out public`. Resolves to { url, out, stop, log } (`log()`: what it
 * printed to the terminal so far).
 */
export function serve(root, now, extra = []) {
  const out = path.join(root, 'public');
  const child = spawn(bin, ['serve', '--now', now, '--port', '0', ...extra], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30000);
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], out, stop: () => child.kill('SIGTERM'), log: () => stderr });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited ${code}: ${stderr}`)); });
  });
}

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml',
  '.atom': 'application/atom+xml', '.rss': 'application/rss+xml', '.ics': 'text/calendar; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * `statusmark build`, then serve the output the way a CDN does: folders by their index.html, the
 * headers of the generated `_headers` file, gzip when the browser accepts it. What visitors get,
 * without `serve`'s live-reload script and long-poll. Resolves to { url, out, stop }.
 */
export async function cdn(root, now) {
  const out = path.join(root, 'public');
  execFileSync(bin, ['build', '--root', root, '--out', out, '--now', now], { stdio: 'pipe' });
  // `_headers`: a path pattern (exact, or a prefix ending in `*`), then indented `Name: value` lines.
  const rules = [];
  for (const line of readFileSync(path.join(out, '_headers'), 'utf8').split('\n')) {
    if (line.startsWith('/')) rules.push({ pattern: line.trim(), headers: {} });
    else if (/^\s+\S/.test(line) && rules.length) {
      const at = line.indexOf(':');
      rules.at(-1).headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(out, url);
    if (!file.startsWith(out)) { res.writeHead(403).end(); return; }
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
      let body = readFileSync(file);
      const headers = { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' };
      for (const { pattern, headers: h } of rules) {
        if (pattern.endsWith('*') ? url.startsWith(pattern.slice(0, -1)) : url === pattern) Object.assign(headers, h);
      }
      if (/gzip/.test(req.headers['accept-encoding'] || '')) {
        body = gzipSync(body);
        headers['Content-Encoding'] = 'gzip';
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': types['.html'] }).end(readFileSync(path.join(out, '404.html')));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, out, stop: () => server.close() };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records console errors and page errors. */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return { context, page, problems };
}

/**
 * Move the page's fake clock in small steps with real pauses between them, as real time does: one
 * big jump (`runFor(40_000)`) would also expire the 10 s timeout of a fetch still in flight on the
 * real network, and the page would back off and keep its last feed.
 */
export async function advanceClock(page, ms) {
  for (let done = 0; done < ms; done += 2_000) {
    await page.clock.runFor(2_000);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Poll `fn` from the test side (real time, unaffected by a page's fake clock). */
export async function eventually(fn, { timeout = 10000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

/**
 * Wait until the page script has shown every `<time datetime>` in the visitor's zone. The times of
 * cards and timeline items the page script adds read as their bare instant until the times worker
 * answers (a message away), so read their text only after this.
 */
export async function localTimes(page) {
  // 15 s: a worker that leaves a job unanswered is given up after 5 s of the page's clock, and the
  // page then formats that job itself (a module import). The failure names the times still bare.
  await eventually(
    () => page.evaluate(() => {
      const bare = [...document.querySelectorAll('time[datetime]')].filter((t) => t.textContent === t.dateTime);
      return bare.length === 0 || `bare: ${bare.map((t) => t.dateTime).join(', ')}`;
    }).then((r) => (r === true ? true : Promise.reject(new Error(r)))),
    { timeout: 15000, what: "every time in the visitor's zone" },
  );
}

/** Save a screenshot when a test fails; call in a finally block with the test's outcome. */
export async function screenshotOnFailure(page, t, failed) {
  if (!failed || !page) return;
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${t.name.replace(/[^a-z0-9]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => {});
  console.error(`screenshot saved: ${file}`);
}

/**
 * Open a page (see openPage), run `body({ page, problems, context })`, then save a screenshot if it
 * threw and close the context either way. Returns what `body` returns; a failure propagates.
 * `options` (for the browser context) may be left out: `withPage(browser, t, body)`.
 */
export async function withPage(browser, t, options, body) {
  if (typeof options === 'function') [options, body] = [{}, options];
  const opened = await openPage(browser, options);
  let failed = true;
  try {
    const result = await body(opened);
    failed = false;
    return result;
  } finally {
    await screenshotOnFailure(opened.page, t, failed);
    await opened.context.close();
  }
}
