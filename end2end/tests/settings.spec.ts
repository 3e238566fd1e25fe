import { expect, test } from '@playwright/test';
import { englishReseller } from './demo';
import { signInReseller } from './session';

// The reseller's branding settings: the brand they set is the one their portal shows, and a
// host name that is not one says so next to its field.

test('the reseller renames and recolours their brand and sees it on their portal', async ({ page, browser }) => {
  await signInReseller(page, englishReseller, 'English');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.waitForLoadState('networkidle');

  const brandName = page.getByLabel('Brand name');
  const colour = page.getByLabel('Brand colour');
  await expect(brandName).toHaveValue('NorthHost');
  await brandName.fill('NorthHost Cloud');
  await colour.fill('#7c3aed');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Changes saved.' })).toBeVisible();

  // A visitor of the portal (no session) sees the new brand and colour on the sign-in page.
  const visitor = await browser.newContext({ locale: 'en-US' });
  const portal = await visitor.newPage();
  await portal.goto('/portal/northhost/login');
  await expect(portal.getByRole('heading', { level: 1, name: /NorthHost Cloud/ })).toBeVisible();
  // The colour comes from a style sheet the page's Content-Security-Policy lets apply.
  const brandColour = () => portal.locator('.portal').first().evaluate((e) => getComputedStyle(e).getPropertyValue('--brand').trim());
  await expect.poll(brandColour).toBe('#7c3aed');
  await visitor.close();

  // Back as it was, for the other tests.
  await page.reload();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Brand name').fill('NorthHost');
  await page.getByLabel('Brand colour').fill('#1d4ed8');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Changes saved.' })).toBeVisible();
});

test('a host name that is not one shows its error next to the field', async ({ page }) => {
  await signInReseller(page, englishReseller, 'English');
  await page.goto('/reseller/settings');
  await page.waitForLoadState('networkidle');
  // The demo maps this portal to portal.northhost.localhost.
  await expect(page.getByRole('listitem').filter({ hasText: 'portal.northhost.localhost' })).toBeVisible();

  const host = page.getByLabel('Host name');
  await host.fill('https://portal.northhost.example:8443/');
  await page.getByRole('button', { name: 'Add host name' }).click();
  await expect(host).toHaveAttribute('aria-invalid', 'true');
  await expect(host).toHaveAccessibleDescription(
    'Enter a host name such as portal.example.com, without http://, a port or a path.',
  );
  await expect(host).toHaveValue('https://portal.northhost.example:8443/');

  // Another portal's host is already used.
  await host.fill('parsweb.localhost');
  await page.getByRole('button', { name: 'Add host name' }).click();
  await expect(host).toHaveAccessibleDescription('This host name is already used.');
});
