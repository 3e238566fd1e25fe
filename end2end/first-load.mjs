// First load as a newcomer on a phone feels it: Debian's Chromium with the network emulated as
// slow 4G (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip), each page opened once with an
// empty cache (cold) and once more right after (warm). Prints, per page, the bytes transferred
// (HTML, JS, WASM, CSS, other), the time to the HTML and the time to hydrated, then PASS/FAIL
// against the targets of issue 28. Run by scripts/first-load.sh, which starts the server.
//
// "Hydrated" is the app's own signal: `App` sets `data-hydrated` on <html> in an effect, which
// runs only once hydration is done. A MutationObserver notes the moment it appears.
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3400';
const slow4g = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const targets = { coldMs: 5_000, warmMs: 1_000, wasmBrotliBytes: 700 * 1_000, jsBytes: 30 * 1_000 };
const reseller = { email: 'parsweb@example.com', password: 'Reseller!2026' };
const client = { email: 'sara.ahmadi@example.com', password: 'Client!2026', brand: 'parsweb' };

const noteHydration = () => {
  new MutationObserver((_, observer) => {
    if (document.documentElement?.hasAttribute('data-hydrated')) {
      window.__hydratedAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-hydrated'] });
};

function kindOf(url, type) {
  if (type === 'Document') return 'html';
  const path = new URL(url).pathname;
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.js')) return 'js';
  if (path.endsWith('.css')) return 'css';
  return 'other';
}

/** Opens `url` in `page` and answers what it transferred and when it was hydrated. */
async function load(page, cdp, url) {
  const requests = new Map();
  const onResponse = ({ requestId, type, response }) => {
    requests.set(requestId, {
      kind: kindOf(response.url, type),
      encoding: response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? 'none',
      cached: response.fromDiskCache || response.fromPrefetchCache || response.fromServiceWorker,
      transferred: 0,
      decoded: 0,
    });
  };
  const onData = ({ requestId, dataLength }) => {
    const request = requests.get(requestId);
    if (request) request.decoded += dataLength;
  };
  const onFinished = ({ requestId, encodedDataLength }) => {
    const request = requests.get(requestId);
    if (request) request.transferred = encodedDataLength;
  };
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.dataReceived', onData);
  cdp.on('Network.loadingFinished', onFinished);
  try {
    const response = await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    if (!response || response.status() !== 200) throw new Error(`${url}: HTTP ${response?.status()}`);
    await page.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 60_000, polling: 50 });
    const timing = await page.evaluate(() => ({
      html: performance.getEntriesByType('navigation')[0].responseEnd,
      hydrated: window.__hydratedAt,
    }));
    const bytes = { html: 0, js: 0, wasm: 0, css: 0, other: 0 };
    const decoded = { html: 0, js: 0, wasm: 0, css: 0, other: 0 };
    const encodings = {};
    for (const request of requests.values()) {
      bytes[request.kind] += request.transferred;
      decoded[request.kind] += request.decoded;
      if (!request.cached) encodings[request.kind] = request.encoding;
    }
    return { ...timing, bytes, decoded, encodings };
  } finally {
    cdp.off('Network.responseReceived', onResponse);
    cdp.off('Network.dataReceived', onData);
    cdp.off('Network.loadingFinished', onFinished);
  }
}

async function signIn(request, form) {
  const response = await request.post(`${base}/api/auth/login`, { form, maxRedirects: 0 });
  if (response.status() >= 400) throw new Error(`signing in ${form.email}: HTTP ${response.status()}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
  if (!ok) failures.push(what);
};
try {
  // Sessions first, unthrottled: the measured loads start with cookies and an empty cache.
  const setup = await browser.newContext({ locale: 'fa-IR' });
  await signIn(setup.request, { area: 'reseller', ...reseller });
  await signIn(setup.request, { area: 'portal', brand: client.brand, email: client.email, password: client.password });
  const list = await setup.request.post(`${base}/api/clients/list`, {
    form: { 'query[search]': client.email, 'query[sort]': 'id', 'query[direction]': 'desc', 'query[page]': '1', 'query[per_page]': '25' },
    headers: { 'accept-encoding': 'br, gzip' },
  });
  const apiEncoding = list.headers()['content-encoding'] ?? 'none';
  const clientId = (await list.json()).page.rows[0].id;
  const session = await setup.storageState();
  await setup.close();

  const pages = [
    ['reseller sign-in', '/reseller/login'],
    ['clients list', '/reseller/clients'],
    ['client details', `/reseller/clients/${clientId}`],
    ['order wizard', `/reseller/clients/${clientId}/order`],
    ['portal home', `/portal/${client.brand}`],
    ['portal store', `/portal/${client.brand}/store`],
  ];
  const rows = [];
  for (const [name, path] of pages) {
    const context = await browser.newContext({ locale: 'fa-IR', storageState: session });
    await context.addInitScript(noteHydration);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', slow4g);
    const cold = await load(page, cdp, base + path);
    const warm = await load(page, cdp, base + path);
    rows.push({ name, cold, warm });
    await context.close();
  }

  const kb = (n) => (n / 1000).toFixed(1).padStart(7);
  const ms = (n) => String(Math.round(n)).padStart(6);
  console.log(`\nslow 4G: ${slow4g.downloadThroughput * 8 / 1e6} Mbit/s down, ${slow4g.latency} ms round trip; kB = 1000 bytes as transferred`);
  console.log(`${'page'.padEnd(17)}${'load'.padEnd(6)}${'HTML kB'.padStart(8)}${'JS kB'.padStart(8)}${'WASM kB'.padStart(8)}${'CSS kB'.padStart(8)}${'other'.padStart(8)}${'HTML ms'.padStart(9)}${'hydrated ms'.padStart(13)}`);
  for (const { name, cold, warm } of rows) {
    for (const [label, r] of [['cold', cold], ['warm', warm]]) {
      const b = r.bytes;
      console.log(`${name.padEnd(17)}${label.padEnd(6)} ${kb(b.html)} ${kb(b.js)} ${kb(b.wasm)} ${kb(b.css)} ${kb(b.other)}   ${ms(r.html)}       ${ms(r.hydrated)}`);
    }
  }
  console.log('');

  const first = rows[0].cold;
  for (const kind of ['html', 'js', 'wasm', 'css']) {
    check(['br', 'gzip'].includes(first.encodings[kind]), `${kind} compressed (${first.encodings[kind]})`);
  }
  check(['br', 'gzip'].includes(apiEncoding), `server function JSON compressed (${apiEncoding})`);
  check(first.bytes.wasm <= targets.wasmBrotliBytes, `WASM ${kb(first.bytes.wasm).trim()} kB transferred <= ${targets.wasmBrotliBytes / 1000} kB`);
  check(first.decoded.js <= targets.jsBytes, `JS glue ${kb(first.decoded.js).trim()} kB <= ${targets.jsBytes / 1000} kB`);
  for (const { name, cold, warm } of rows) {
    check(cold.hydrated <= targets.coldMs, `${name}: hydrated cold in ${Math.round(cold.hydrated)} ms <= ${targets.coldMs} ms`);
    check(warm.hydrated <= targets.warmMs, `${name}: hydrated warm in ${Math.round(warm.hydrated)} ms <= ${targets.warmMs} ms`);
    check(warm.bytes.wasm + warm.bytes.js + warm.bytes.css === 0, `${name}: warm load fetched no JS, WASM or CSS again`);
  }
} finally {
  await browser.close();
}
console.log(failures.length ? `\n${failures.length} target(s) missed` : '\nevery target met');
process.exit(failures.length ? 1 : 0);
