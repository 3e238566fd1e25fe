import { expect, test, type Page } from '@playwright/test';
import { englishReseller, persianReseller } from './demo';

async function signIn(page: Page, who: { email: string; password: string }, language: 'English' | 'فارسی') {
  await page.goto('/reseller/login');
  await page.getByRole('form', { name: /Language/ }).getByRole('button', { name: language }).click();
  await page.waitForLoadState('networkidle');
  const email = language === 'English' ? 'Email' : 'ایمیل';
  const password = language === 'English' ? 'Password' : 'رمز عبور';
  await page.getByLabel(email).fill(who.email);
  await page.getByLabel(password).fill(who.password);
  await page.getByRole('button', { name: language === 'English' ? 'Sign in' : 'ورود' }).click();
  await expect(page).toHaveURL(/\/reseller$/);
}

test('the clients list searches, filters, sorts and keeps its view in the URL', async ({ page }) => {
  await signIn(page, persianReseller, 'English');
  await page.goto('/reseller/clients');
  await page.waitForLoadState('networkidle');
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(5); // header + 4 clients
  await expect(page.getByText('1–4 of 4 clients')).toBeVisible();

  await page.getByLabel('Search clients').fill('سار');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=%D8%B3%D8%A7%D8%B1/);
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('cell', { name: 'سارا احمدی', exact: true })).toBeVisible();

  // A reload shows the same view.
  await page.reload();
  await expect(page.getByLabel('Search clients')).toHaveValue('سار');
  await expect(rows).toHaveCount(2);

  await page.getByLabel('Search clients').fill('');
  await page.getByLabel('Status').selectOption({ label: 'Inactive' });
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/status=inactive/);
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('cell', { name: 'maryam.hosseini@example.com' })).toBeVisible();

  await page.getByLabel('Status').selectOption({ label: 'All' });
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: 'Email' }).click();
  await expect(page).toHaveURL(/sort=email&dir=asc/);
  await expect(page.getByRole('columnheader', { name: /Email/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows.nth(1)).toContainText('john.miller@example.com');
  await page.getByRole('link', { name: /Email/ }).click();
  await expect(page.getByRole('columnheader', { name: /Email/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.nth(1)).toContainText('sara.ahmadi@example.com');

  // Back returns to the previous view.
  await page.goBack();
  await expect(page.getByRole('columnheader', { name: /Email/ })).toHaveAttribute('aria-sort', 'ascending');
});

test('the clients list pages and shows an empty search in Persian', async ({ page }) => {
  await signIn(page, persianReseller, 'فارسی');
  await page.goto('/reseller/clients?per_page=10&sort=name&dir=asc');
  await expect(page.getByText('صفحهٔ ۱ از ۱')).toBeVisible();
  await page.getByLabel('جستجوی مشتریان').fill('هیچ‌کس');
  await page.getByRole('button', { name: 'جستجو' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'هیچ مشتری‌ای با این جستجو پیدا نشد.' })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the clients list searches and sorts with plain links and forms', async ({ page }) => {
    await page.goto('/reseller/login');
    await page.getByRole('form', { name: /Language/ }).getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Email').fill(englishReseller.email);
    await page.getByLabel('Password').fill(englishReseller.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/reseller$/);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Clients' }).click();
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(4);
    await page.getByLabel('Search clients').fill('emma');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(rows).toHaveCount(2);
    await expect(page.getByRole('cell', { name: 'emma.johnson@example.com' })).toBeVisible();
    await page.getByRole('link', { name: 'Name' }).click();
    await expect(page).toHaveURL(/q=emma&sort=name&dir=asc/);
    await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'ascending');
  });
});
