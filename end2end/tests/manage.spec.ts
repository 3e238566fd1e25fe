import { expect, test } from '@playwright/test';
import { persianReseller } from './demo';

// Runs after the list tests: it closes and deletes demo clients of پارس‌وب.
test('a reseller closes one client and deletes another after typing their email', async ({ page }) => {
  await page.goto('/reseller/login');
  await page.getByRole('form', { name: /Language/ }).getByRole('button', { name: 'English' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email').fill(persianReseller.email);
  await page.getByLabel('Password').fill(persianReseller.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/reseller$/);
  await page.goto('/reseller/clients');
  await page.waitForLoadState('networkidle');

  await page.getByRole('link', { name: 'Close account رضا کریمی' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Close the account of رضا کریمی?' })).toBeVisible();
  await page.getByRole('button', { name: 'Close account' }).click();
  await expect(page).toHaveURL(/\/reseller\/clients$/);
  const reza = page.getByRole('row').filter({ hasText: 'reza.karimi@example.com' });
  await expect(reza.getByText('Closed')).toBeVisible();
  await expect(reza.getByRole('link', { name: /Close account/ })).toHaveCount(0);

  await page.getByRole('link', { name: 'Delete client John Miller' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Delete John Miller?' })).toBeVisible();
  await page.getByLabel("Type the client's email to confirm").fill('someone.else@example.com');
  await page.getByRole('button', { name: 'Delete client' }).click();
  await expect(page.getByText("This does not match the client's email.")).toBeVisible();
  await expect(page.getByLabel("Type the client's email to confirm")).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel("Type the client's email to confirm").fill('john.miller@example.com');
  await page.getByRole('button', { name: 'Delete client' }).click();
  await expect(page).toHaveURL(/\/reseller\/clients$/);
  await expect(page.getByRole('cell', { name: 'john.miller@example.com' })).toHaveCount(0);
  await expect(page.getByText('1–3 of 3 clients')).toBeVisible();

  // Both actions are in the activity log on the dashboard.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Recent activity' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Deleted client John Miller <john.miller@example.com>' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Closed the account of رضا کریمی <reza.karimi@example.com>' })).toBeVisible();
});
