// What a browser downloads for a page: the build's files under hashed names, compressed and
// kept for a year; the page itself compressed and asked for again each time. Chromium offers
// brotli only where it trusts the origin, so over plain http it may get gzip.
import { expect, test } from '@playwright/test';

test('the build files are hashed, compressed and immutable, the page revalidates', async ({ page }) => {
  const responses: { url: string; headers: Record<string, string> }[] = [];
  page.on('response', async (response) => {
    responses.push({ url: response.url(), headers: await response.allHeaders() });
  });
  await page.goto('/reseller/login');
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', '');

  const document = responses.find((r) => new URL(r.url).pathname === '/reseller/login');
  expect(document?.headers['content-encoding']).toMatch(/^(br|gzip)$/);
  expect(document?.headers['cache-control']).toBe('no-cache');
  for (const extension of ['js', 'wasm', 'css']) {
    const file = responses.find((r) => new RegExp(`/pkg/resellerdesk\\.[0-9a-f]{16}\\.${extension}$`).test(r.url));
    expect(file, `the hashed .${extension}`).toBeDefined();
    expect(file?.headers['content-encoding'], file?.url).toMatch(/^(br|gzip)$/);
    expect(file?.headers['cache-control'], file?.url).toBe('public, max-age=31536000, immutable');
  }
});
