// A widget embedded in someone else's page, on three origins: a host page with hostile CSS, a feed
// server whose answer a test can change at will, and a plain static server for the widget files
// (as a CDN would serve them). Shared by the widget and soak tests.
import http from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureCopy, serve } from './harness.mjs';

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

/** A healthy Statusmark feed with two components. */
export const healthy = () => ({
  version: 1,
  page: { name: 'Feed Co', url: 'https://status.feed.test/' },
  generated_at: new Date().toISOString(),
  status: { indicator: 'none', description: 'All Systems Operational' },
  groups: [],
  components: [
    { id: 'api', name: 'API', status: 'operational' },
    { id: 'web', name: 'Web', status: 'operational' },
  ],
  incidents: [],
  maintenances: [],
});

/**
 * The least any embedded status script can do, to measure this machine's floor in the same run:
 * fetch the feed, put its status text into a shadow root. No wasm, no rendering library.
 */
const FLOOR_SCRIPT = `const host = document.querySelector('statusmark-status');
const root = host.attachShadow({ mode: 'open' });
const feed = await (await fetch(host.getAttribute('feed'), { cache: 'no-cache' })).json();
const head = document.createElement('div');
head.className = 'head';
const text = document.createElement('span');
text.className = 'txt';
text.textContent = feed.status.description;
head.append(text);
root.append(head);
`;

/** Path → Cache-Control from a built site's `_headers` (exact paths only). */
function siteCacheControl(out) {
  const map = new Map();
  let current = null;
  for (const line of readFileSync(path.join(out, '_headers'), 'utf8').split('\n')) {
    if (line.startsWith('/')) current = line.trim();
    else if (current && /^\s+Cache-Control:/i.test(line)) map.set(current, line.split(':').slice(1).join(':').trim());
  }
  return map;
}

/**
 * Start everything. `setFeed({status, body, type?, cors?, delayMs?})` changes what the feed
 * answers (`cors: false` leaves out Access-Control-Allow-Origin; `delayMs` stalls the answer); `hits` lists the
 * feed requests; `revalidations` counts conditional requests and 304 answers; host pages: `${hostOrigin}/` loads the widget from `statusmark serve`,
 * `${hostOrigin}/?cdn=1` from the static server, `${hostOrigin}/?cdn=1&floor=1` the floor script
 * instead of the widget.
 */
export async function startEmbedding() {
  const site = await serve(fixtureCopy('basic'), '2026-11-20T15:00:00Z');
  let feed = { status: 200, body: JSON.stringify(healthy()) };
  const hits = [];
  const revalidations = { asked: 0, notModified: 0 };
  const feedServer = http.createServer((req, res) => {
    hits.push(req.url);
    // An ETag per body, so browsers can revalidate with If-None-Match and get 304s, as from a CDN.
    const etag = `"${createHash('sha1').update(String(feed.status)).update(feed.body).digest('hex').slice(0, 16)}"`;
    const headers = { 'Content-Type': feed.type || 'application/json', 'Cache-Control': 'no-cache', ETag: etag };
    if (feed.cors !== false) Object.assign(headers, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'ETag' });
    if (req.headers['if-none-match']) revalidations.asked += 1;
    if (feed.status === 200 && req.headers['if-none-match'] === etag) {
      revalidations.notModified += 1;
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const { status, body, delayMs } = feed;
    const answer = () => { if (!res.destroyed) { res.writeHead(status, headers); res.end(body); } };
    if (delayMs) setTimeout(answer, delayMs); else answer();
  });
  const feedOrigin = await listen(feedServer);
  // Like a CDN, the static server sends the Cache-Control the site's `_headers` gives each file:
  // hashed bundle files are immutable, the loader is cached briefly.
  const cacheControl = siteCacheControl(site.out);
  const staticServer = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (urlPath === '/widget/floor.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Access-Control-Allow-Origin': '*', 'Cache-Control': cacheControl.get('/widget/statusmark.js') });
      res.end(FLOOR_SCRIPT);
      return;
    }
    const file = path.join(site.out, urlPath);
    if (!file.startsWith(site.out)) { res.writeHead(403).end(); return; }
    try {
      const body = readFileSync(file);
      const headers = { 'Content-Type': file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript', 'Access-Control-Allow-Origin': '*' };
      if (cacheControl.has(urlPath)) headers['Cache-Control'] = cacheControl.get(urlPath);
      res.writeHead(200, headers);
      res.end(body);
    } catch { res.writeHead(404).end(); }
  });
  const staticOrigin = await listen(staticServer);
  const hostServer = http.createServer((req, res) => {
    const widgetOrigin = req.url.includes('cdn=1') ? `${staticOrigin}/` : site.url;
    const script = req.url.includes('floor=1') ? 'floor.js' : 'statusmark.js';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    // Hostile host CSS: it may style the host element, never what is inside the shadow root.
    res.end(`<!doctype html><html><head><style>
      * { color: #f0f !important; font-family: fantasy !important; letter-spacing: 5px !important; }
      a, span, li, div { display: inline !important; background: #000 !important; }
      .txt, .dot, .comp { visibility: hidden !important; }
    </style><script type="module" src="${widgetOrigin}widget/${script}"></script></head>
    <body><h1>Host page</h1>
    <statusmark-status id="w" feed="${feedOrigin}/feed.json" variant="full" poll="15"></statusmark-status>
    </body></html>`);
  });
  const hostOrigin = await listen(hostServer);
  return {
    hostOrigin,
    hits,
    revalidations,
    setFeed: (f) => { feed = f; },
    close: () => { site.stop(); feedServer.close(); staticServer.close(); hostServer.close(); },
  };
}
