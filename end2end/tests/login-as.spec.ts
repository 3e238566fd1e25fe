// "Login as client": the reseller opens a client's branded portal as the client, orders from
// the store, returns to the panel, and finds the order and the audit rows in the client's
// details. Their own session is untouched throughout.
import { expect, test } from '@playwright/test';
import { englishReseller, persianReseller } from './demo';
import { signInReseller } from './session';

test('fa: signed in as a client, the reseller orders from the store and returns to the client', async ({ page }) => {
  await signInReseller(page, persianReseller, 'فارسی');
  await page.goto('/reseller/clients');
  await page.getByRole('button', { name: 'ورود به‌عنوان مشتری رضا کریمی' }).click();

  // The link's page says whose portal opens and waits for a click (no login CSRF).
  await expect(page).toHaveURL(/\/portal\/parsweb\/login-as\?token=/);
  await expect(page.getByText('در حال باز کردن پرتال رضا کریمی')).toBeVisible();
  await page.getByRole('button', { name: 'باز کردن پرتال به‌عنوان مشتری' }).click();
  await expect(page).toHaveURL(/\/portal\/parsweb$/);
  const banner = page.getByRole('complementary', { name: 'ورود به‌عنوان مشتری' });
  await expect(banner).toContainText('شما به‌عنوان رضا کریمی وارد شده‌اید');

  // The store is the order wizard, at the reseller's prices, in the client's currency.
  await page.getByRole('navigation', { name: 'منوی اصلی' }).getByRole('link', { name: 'فروشگاه' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'فروشگاه' })).toBeVisible();
  await page.getByRole('radio', { name: /ثبت دامنهٔ جدید/ }).check();
  await page.getByRole('button', { name: 'ادامه' }).click();
  await page.getByLabel('نام دامنه', { exact: true }).fill('reza-acting.ir');
  await page.getByRole('button', { name: 'ادامه' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'بازبینی و ثبت' })).toBeVisible();
  await page.getByRole('button', { name: 'ثبت سفارش' }).click();

  // Placing opens the order's invoice in the portal; the banner stays.
  await expect(page).toHaveURL(/\/portal\/parsweb\/invoices\/\d+/);
  await expect(banner).toBeVisible();

  await banner.getByRole('button', { name: 'بازگشت به پنل نماینده' }).click();
  await expect(page).toHaveURL(/\/reseller\/clients\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('رضا کریمی');

  const records = page.getByRole('navigation', { name: 'سوابق مشتری' });
  await records.getByRole('link', { name: 'فعالیت' }).click();
  const activity = page.getByRole('region', { name: 'فعالیت' });
  await expect(activity).toContainText('ورود به پرتال به‌عنوان رضا کریمی');
  await expect(activity).toContainText('ثبت سفارش');
  await expect(activity).toContainText('بازگشت از پرتال رضا کریمی');

  // The acting session ended: the portal asks for a sign-in again.
  await page.goto('/portal/parsweb');
  await expect(page).toHaveURL(/\/portal\/parsweb\/login$/);
});

test('en: the banner names the client, and a used sign-in link opens nothing', async ({ page }) => {
  await signInReseller(page, englishReseller, 'English');
  await page.goto('/reseller/clients');

  // Catch the one-time link on its way to the portal, to try it a second time later.
  const issued = page.waitForResponse((response) => response.url().includes('login_as_client'));
  await page.getByRole('button', { name: 'Login as client Emma Johnson' }).click();
  const link = (await issued).headers()['location'] ?? '';
  expect(link).toMatch(/^\/portal\/northhost\/login-as\?token=/);
  await expect(page.getByText(/You are about to open the portal of Emma Johnson \(.+@.+\)/)).toBeVisible();
  await page.getByRole('button', { name: 'Open the portal as the client' }).click();
  await expect(page).toHaveURL(/\/portal\/northhost$/);
  await expect(page.getByRole('complementary', { name: 'Signed in as a client' })).toContainText('You are signed in as Emma Johnson');

  await page.getByRole('button', { name: 'Return to reseller panel' }).click();
  await expect(page).toHaveURL(/\/reseller\/clients\/\d+$/);

  const reused = await page.goto(link);
  expect(reused?.status()).toBe(404);
  await expect(page.getByRole('alert')).toContainText('This sign-in link has expired or was already used.');
  await expect(page.getByRole('button', { name: 'Open the portal as the client' })).toHaveCount(0);
  await page.goto('/portal/northhost');
  await expect(page).toHaveURL(/\/portal\/northhost\/login$/);
});

test('en: a Login as client that fails says why, once, above the clients table', async ({ page, context }) => {
  await signInReseller(page, englishReseller, 'English');
  await page.goto('/reseller/clients');
  await page.waitForLoadState('networkidle');

  // Signing out in another tab ends the session this page was rendered for.
  const other = await context.newPage();
  await other.goto('/reseller');
  await other.getByRole('button', { name: 'Sign out' }).click();
  await expect(other).toHaveURL(/\/reseller\/login$/);

  // The table's rows share one action: its error shows once, not in every row.
  await page.getByRole('button', { name: 'Login as client Emma Johnson' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText('Your session has ended. Please sign in again.');
  await expect(alert).toHaveCount(1);
  await expect(page).toHaveURL(/\/reseller\/clients$/);
});

test('en: signing out of the panel ends the portal session opened with Login as client', async ({ page }) => {
  await signInReseller(page, englishReseller, 'English');
  await page.goto('/reseller/clients');
  await page.getByRole('button', { name: 'Login as client Emma Johnson' }).click();
  await page.getByRole('button', { name: 'Open the portal as the client' }).click();
  await expect(page).toHaveURL(/\/portal\/northhost$/);

  await page.goto('/reseller');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/reseller\/login$/);

  await page.goto('/portal/northhost');
  await expect(page).toHaveURL(/\/portal\/northhost\/login$/);
});
