// Injected by `statusmark serve` only: reloads the page after each successful rebuild and shows
// build errors in an overlay (as text) until they are fixed.
(() => {
  // The build the page came from, as the server saw it when it read the file: a build published
  // before this script runs still reloads the page.
  const served = Number(document.currentScript?.dataset.version);
  let seen = null;
  let overlay = null;
  const show = (text) => {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'statusmark-overlay';
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f6f6f6;padding:24px;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace';
      const h = document.createElement('h2');
      h.textContent = 'Statusmark: the content has errors (the last good build is still served)';
      h.style.cssText = 'color:#ff7b72;font:600 16px system-ui,sans-serif;margin:0 0 12px';
      const pre = document.createElement('pre');
      pre.style.cssText = 'white-space:pre-wrap;margin:0';
      overlay.append(h, pre);
      document.body.append(overlay);
    }
    overlay.querySelector('pre').textContent = text;
  };
  // A page being left (or put in the back/forward cache) drops its long-poll at once, so it
  // never holds one of the browser's few connections to the server while the next page loads.
  let waiting = null;
  addEventListener('pagehide', () => waiting?.abort());
  addEventListener('pageshow', (e) => { if (e.persisted) poll(); });
  const poll = async () => {
    const ctl = new AbortController();
    waiting = ctl;
    try {
      const url = seen === null ? '/__statusmark/wait' : `/__statusmark/wait?version=${seen}`;
      const state = await (await fetch(url, { cache: 'no-store', signal: ctl.signal })).json();
      const known = seen !== null ? seen : Number.isFinite(served) ? served : null;
      if (known !== null && state.version !== known && !state.errors) {
        location.reload();
        return;
      }
      seen = state.version;
      if (state.errors) show(state.errors);
      setTimeout(poll, 0);
    } catch {
      if (!ctl.signal.aborted) setTimeout(poll, 1000);
    }
  };
  poll();
})();
