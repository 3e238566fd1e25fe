import { expect, test } from '@playwright/test';
import { admin } from './demo';

test('the provider adds a reseller, fixing a field on the way, then suspends them', async ({ page }) => {
  await page.goto('/admin/login');
  await page.getByRole('form', { name: /Language/ }).getByRole('button', { name: 'English' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin$/);

  await page.getByRole('link', { name: 'Add reseller' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New reseller' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Brand name').fill('Cloud Nine');
  await page.getByLabel('Portal address').fill('-cloud9-');
  await page.getByLabel('Contact name').fill('Nina Cloud');
  await page.getByLabel('Email', { exact: true }).fill('nina@cloud9.example.com');
  await page.getByLabel('Password', { exact: true }).fill('Reseller!2026');
  await page.getByLabel('Support email').fill('help@cloud9.example.com');
  await page.getByLabel('Delete client').uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByLabel('Portal address')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Use 3 to 63 lower-case letters, digits and dashes, such as parsweb.')).toBeVisible();

  await page.getByLabel('Portal address').fill('cloud9');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  const row = page.getByRole('row').filter({ hasText: 'nina@cloud9.example.com' });
  await expect(row.getByRole('cell', { name: 'Cloud Nine', exact: true })).toBeVisible();

  await row.getByRole('link', { name: 'Edit Cloud Nine' }).click();
  await expect(page.getByLabel('Delete client')).not.toBeChecked();
  await page.getByLabel('Status').selectOption({ label: 'Suspended' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('row').filter({ hasText: 'nina@cloud9.example.com' }).getByText('Suspended')).toBeVisible();

  // A suspended reseller cannot sign in.
  const reseller = await page.context().browser()!.newPage({ locale: 'en-US' });
  await reseller.goto(`${new URL(page.url()).origin}/reseller/login`);
  await reseller.getByLabel('Email').fill('nina@cloud9.example.com');
  await reseller.getByLabel('Password').fill('Reseller!2026');
  await reseller.getByRole('button', { name: 'Sign in' }).click();
  await expect(reseller.getByRole('alert')).toHaveText('You are not allowed to do that.');
  await reseller.close();
});
