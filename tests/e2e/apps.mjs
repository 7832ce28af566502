// The widget inside apps: one origin on 127.0.0.1 that serves a built fixture site's widget files,
// feeds a test controls and counts, host pages that add and remove widgets, and Preact and htm
// straight from node_modules (an import map, no bundler). Shared by lifecycle and framework tests.
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bin, fixtureCopy, repo } from './harness.mjs';

/** A feed with one component down and an open incident: every variant, the banner too, shows something. */
export const incidentFeed = (over = {}) => ({
  version: 1,
  page: { name: 'App Co', url: 'https://status.app.test/' },
  generated_at: new Date().toISOString(),
  status: { indicator: 'major', description: 'Partial System Outage' },
  groups: [],
  components: [
    { id: 'api', name: 'API', status: 'partial_outage' },
    { id: 'web', name: 'Web', status: 'operational' },
  ],
  incidents: [{ id: 'inc-1', title: 'Slow API', impact: 'major', status: 'investigating', started_at: new Date().toISOString(), url: 'https://status.app.test/incidents/inc-1', components: ['api'], latest_update: 'Looking into it.' }],
  maintenances: [],
  ...over,
});

export const healthyFeed = () => incidentFeed({
  status: { indicator: 'none', description: 'All Systems Operational' },
  components: [
    { id: 'api', name: 'API', status: 'operational' },
    { id: 'web', name: 'Web', status: 'operational' },
  ],
  incidents: [],
});

const NPM = {
  '/npm/preact.mjs': 'preact/dist/preact.mjs',
  '/npm/hooks.mjs': 'preact/hooks/dist/hooks.mjs',
  '/npm/htm.mjs': 'htm/dist/htm.mjs',
};

const page = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title>
<script type="importmap">{"imports": {"preact": "/npm/preact.mjs", "preact/hooks": "/npm/hooks.mjs", "htm": "/npm/htm.mjs"}}</script>
<script type="module" src="/widget/statusmark.js"></script></head><body>${body}</body></html>`;

/** A Preact app (htm templates): the widget's presence, place and attributes are app state, driven by `window.app`. */
const PREACT_APP = `<div id="root"></div>
<script type="module">
import { h, render } from 'preact';
import { useState } from 'preact/hooks';
import htm from 'htm';
const html = htm.bind(h);
function App() {
  const [s, set] = useState({ show: true, where: 'header', variant: 'badge', theme: 'light', feed: '/feed/a.json' });
  window.app = { set: (patch) => set((old) => ({ ...old, ...patch })), state: s };
  const widget = s.show && html\`<statusmark-status feed=\${s.feed} variant=\${s.variant} theme=\${s.theme} poll="15"></statusmark-status>\`;
  return html\`<header>\${s.where === 'header' && widget}</header><main><h1>My app</h1>\${s.where === 'main' && widget}</main>\`;
}
render(html\`<\${App} />\`, document.getElementById('root'));
</script>`;

/**
 * Build the basic fixture and serve it with controlled feeds at `/feed/<name>.json`.
 * `setFeed(name, body, { delayMs })`; `hits` counts feed requests per name; pages: `/empty.html`
 * (no widgets), `/banner.html`, `/app.html` (Preact).
 */
export async function startApps() {
  const root = fixtureCopy('basic');
  const out = path.join(root, 'public');
  execFileSync(bin, ['build', '--root', root, '--out', out, '--now', '2026-11-20T15:00:00Z'], { stdio: 'pipe' });
  const feeds = new Map();
  const hits = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x').pathname;
    const feed = url.match(/^\/feed\/(\w+)\.json$/);
    if (feed) {
      const name = feed[1];
      hits.set(name, (hits.get(name) || 0) + 1);
      const { body, delayMs } = feeds.get(name) || { body: JSON.stringify(incidentFeed()) };
      const answer = () => { if (!res.destroyed) res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' }).end(body); };
      if (delayMs) setTimeout(answer, delayMs); else answer();
      return;
    }
    const html = (b) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page(b));
    if (url === '/favicon.ico') { res.writeHead(204).end(); return; }
    if (url === '/empty.html') return html('<div id="a"></div><div id="b"></div>');
    if (url === '/banner.html') return html('<statusmark-status id="w" variant="banner" feed="/feed/banner.json" poll="15"></statusmark-status><h1>My app</h1>');
    if (url === '/app.html') return html(PREACT_APP);
    const file = NPM[url] ? path.join(repo, 'tests/node_modules', NPM[url]) : path.join(out, url);
    if (!file.startsWith(out) && !NPM[url]) { res.writeHead(403).end(); return; }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Type': file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' }).end(body);
    } catch { res.writeHead(404).end(); }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    hits,
    totalHits: () => [...hits.values()].reduce((a, b) => a + b, 0),
    setFeed: (name, body, { delayMs } = {}) => feeds.set(name, { body: JSON.stringify(body), delayMs }),
    close: () => server.close(),
  };
}

/**
 * Count the page's live timers: wraps setTimeout/setInterval and their clears (installed after
 * Playwright's fake clock, so it wraps that). `window.__liveTimers()` is the number scheduled and
 * neither fired nor cleared.
 */
export async function countTimers(page) {
  await page.evaluate(() => {
    const live = new Map();
    const wrap = (name, clear, once) => {
      const set = window[name];
      const unset = window[clear];
      window[name] = function (fn, ...rest) {
        const id = set.call(window, typeof fn === 'function' ? function (...a) { if (once) live.delete(id); return fn.apply(this, a); } : fn, ...rest);
        live.set(id, new Error().stack);
        return id;
      };
      window[clear] = function (id) { live.delete(id); return unset.call(window, id); };
    };
    wrap('setTimeout', 'clearTimeout', true);
    wrap('setInterval', 'clearInterval', false);
    window.__liveTimers = () => live.size;
    window.__liveTimerStacks = () => [...live.values()];
  });
}

/** Let the page run a few macrotasks (not timers: those are the fake clock's). */
export const yieldScript = `window.__yield = (n = 1) => new Promise((resolve) => {
  const ch = new MessageChannel();
  let left = n;
  ch.port1.onmessage = () => { if (--left <= 0) { ch.port1.close(); resolve(); } else ch.port2.postMessage(0); };
  ch.port2.postMessage(0);
});`;
