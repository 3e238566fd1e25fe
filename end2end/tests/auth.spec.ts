import { expect, test, type Page } from '@playwright/test';
import { admin, englishReseller, persianClient, persianReseller } from './demo';

async function chooseLanguage(page: Page, language: 'English' | 'فارسی') {
  await page.getByRole('form', { name: /Language/ }).getByRole('button', { name: language }).click();
}

async function waitForHydration(page: Page) {
  // The app sets data-hydrated on <html> in an effect, which runs only once hydration is done.
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', '');
}

test('a reseller signs in and out in English, and every panel link works', async ({ page }) => {
  await page.goto('/reseller/login');
  await chooseLanguage(page, 'English');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await waitForHydration(page);

  await page.getByLabel('Email').fill(englishReseller.email);
  await page.getByLabel('Password').fill(englishReseller.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL(/\/reseller$/);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${englishReseller.name}` })).toBeVisible();
  await expect(page.getByText(/Today: \d{1,2} [A-Z][a-z]{2} \d{4}/)).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const [link, heading] of [
    ['Clients', 'Clients'],
    ['Orders', 'Orders'],
    ['Invoices', 'Invoices'],
    ['Tickets', 'Tickets'],
    ['Products', 'Products'],
    ['Settings', 'Settings'],
    ['Dashboard', `Welcome, ${englishReseller.name}`],
  ]) {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(nav.getByRole('link', { name: link, exact: true })).toHaveAttribute('aria-current', 'page');
  }

  await nav.getByRole('link', { name: 'Clients', exact: true }).click();
  await expect(page.getByRole('cell', { name: 'emma.johnson@example.com' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'sara.ahmadi@example.com' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/reseller\/login$/);
  await page.goto('/reseller');
  await expect(page).toHaveURL(/\/reseller\/login$/);
});

test('a reseller signs in and out in Persian, right to left, with Solar Hijri dates', async ({ page }) => {
  await page.goto('/reseller/login');
  await chooseLanguage(page, 'فارسی');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
  await waitForHydration(page);

  await page.getByLabel('ایمیل').fill(persianReseller.email);
  await page.getByLabel('رمز عبور').fill(persianReseller.password);
  await page.getByRole('button', { name: 'ورود' }).click();

  await expect(page.getByRole('heading', { level: 1, name: `${persianReseller.name}، خوش آمدید` })).toBeVisible();
  // Persian digits and a Solar Hijri month name.
  await expect(page.getByText(/امروز: [۰-۹]{1,2} (فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) [۰-۹]{4}/)).toBeVisible();

  await page.getByRole('navigation', { name: 'منوی اصلی' }).getByRole('link', { name: 'مشتریان' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'مشتریان' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'سارا احمدی', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'خروج' }).click();
  await expect(page).toHaveURL(/\/reseller\/login$/);
  await expect(page.getByRole('heading', { level: 1, name: 'ورود به پنل نماینده' })).toBeVisible();
});

test('a wrong password shows one message in place, and keeps the email typed', async ({ page }) => {
  await page.goto('/reseller/login');
  await chooseLanguage(page, 'English');
  await waitForHydration(page);
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email or password is not correct.');
  // Hydrated: the error arrived without leaving the page.
  await expect(page).toHaveURL(/\/reseller\/login$/);
  await expect(page.getByLabel('Email')).toHaveValue('nobody@example.com');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the sign-in form still works, errors included', async ({ page }) => {
    await page.goto('/reseller/login');
    await chooseLanguage(page, 'English');
    await page.getByLabel('Email').fill(englishReseller.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('The email or password is not correct.');

    await page.getByLabel('Email').fill(englishReseller.email);
    await page.getByLabel('Password').fill(englishReseller.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/reseller$/);
    await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${englishReseller.name}` })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/reseller\/login$/);
  });
});

test('the provider admin sees every reseller', async ({ page }) => {
  await page.goto('/admin/login');
  await chooseLanguage(page, 'English');
  await waitForHydration(page);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Resellers' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'NorthHost', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'پارس‌وب', exact: true })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Products' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Product catalog' })).toBeVisible();
  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/admin\/login$/);
});

test("a client signs in to the reseller's branded portal", async ({ page }) => {
  await page.goto(`/portal/${persianClient.brand}/login`);
  await chooseLanguage(page, 'فارسی');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1, name: `ورود به ${persianClient.brandName}` })).toBeVisible();
  await page.getByLabel('ایمیل').fill(persianClient.email);
  await page.getByLabel('رمز عبور').fill(persianClient.password);
  await page.getByRole('button', { name: 'ورود' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `به ${persianClient.brandName} خوش آمدید` })).toBeVisible();
  await expect(page.getByRole('link', { name: persianClient.brandName })).toBeVisible();
  await expect(page.getByText(/ResellerDesk|ریسلردسک/)).toHaveCount(0);
  const nav = page.getByRole('navigation', { name: 'منوی اصلی' });
  for (const link of ['سرویس‌ها', 'دامنه‌ها', 'صورتحساب‌ها', 'تیکت‌ها', 'فروشگاه', 'مشخصات حساب']) {
    await nav.getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { level: 1, name: link })).toBeVisible();
  }
  await page.getByRole('button', { name: 'خروج' }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/${persianClient.brand}/login$`));
});
