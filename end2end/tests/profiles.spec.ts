import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { englishReseller, persianReseller } from './demo';

// The server writes emails as .eml files here (no SMTP configured); scripts/test.sh sets it.
const mailDir = process.env.RD_MAIL_DIR ?? '/tmp/rd-data/mail';

/** The plain-text part of the newest email sent to `to`, once the outbox worker wrote it. */
async function emailTo(to: string): Promise<string> {
  let text = '';
  await expect
    .poll(() => {
      for (const file of readdirSync(mailDir).filter((f) => f.endsWith('.eml'))) {
        const eml = readFileSync(join(mailDir, file), 'utf8');
        if (!eml.includes(`<${to}>`)) continue;
        const part = eml.split('Content-Type: text/plain; charset=utf-8')[1];
        const body = part.split('\r\n\r\n')[1].split('--')[0].replace(/\s+/g, '');
        text = Buffer.from(body, 'base64').toString('utf8');
        return true;
      }
      return false;
    }, { timeout: 15_000 })
    .toBe(true);
  return text;
}

// Runs after manage.spec.ts (files run in name order): it adds clients, which the list tests
// before it would otherwise count.

const recordsNav = (page: Page) => page.getByRole('navigation', { name: 'Client records' });

async function signIn(page: Page, who: { email: string; password: string }, language: 'English' | 'فارسی') {
  await page.goto('/reseller/login');
  await page.getByRole('form', { name: /Language/ }).getByRole('button', { name: language }).click();
  await page.waitForLoadState('networkidle');
  await page.getByLabel(language === 'English' ? 'Email' : 'ایمیل').fill(who.email);
  await page.getByLabel(language === 'English' ? 'Password' : 'رمز عبور').fill(who.password);
  await page.getByRole('button', { name: language === 'English' ? 'Sign in' : 'ورود' }).click();
  await expect(page).toHaveURL(/\/reseller$/);
}

test('a reseller adds a client across both tabs, fixing errors on the way, then edits, closes and deletes them', async ({ page }) => {
  await signIn(page, englishReseller, 'English');
  await page.goto('/reseller/clients');
  await page.waitForLoadState('networkidle');
  await page.getByRole('link', { name: 'Add client' }).click();
  await expect(page).toHaveURL(/\/reseller\/clients\/new$/);
  await expect(page.getByRole('tab', { name: 'General' })).toHaveAttribute('aria-selected', 'true');

  await page.getByLabel('First name').fill('Noah');
  await page.getByLabel('Last name').fill('Wilson');
  await page.getByLabel('Email', { exact: true }).fill('noah.wilson@');
  await page.getByLabel('Phone').fill('(415) 555-0199');

  await page.getByRole('tab', { name: 'Address' }).click();
  await expect(page.getByLabel('First name')).toBeHidden();
  await page.getByLabel('Address 1').fill('8 Harbour Road');
  await page.getByLabel('City').fill('Vancouver');
  await page.getByLabel('State / province').fill('BC');
  await page.getByLabel('Postcode').fill('V');
  await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Canada' });

  // Switching back keeps what was typed.
  await page.getByRole('tab', { name: 'General' }).click();
  await expect(page.getByLabel('First name')).toHaveValue('Noah');

  // Save checks both tabs and opens the one with the first error.
  await page.getByRole('tab', { name: 'Address' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('tab', { name: 'General' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Email', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter an email address such as name@example.com.')).toBeVisible();
  await expect(page.getByText('Fields to correct: 2.')).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill('noah.wilson@example.com');

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('tab', { name: 'Address' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Postcode')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a postcode of 3 to 16 letters or digits.')).toBeVisible();
  await page.getByLabel('Postcode').fill('V6B 1A1');
  await page.getByRole('button', { name: 'Save' }).click();

  await expect(page).toHaveURL(/\/reseller\/clients\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: /Noah Wilson/ })).toBeVisible();
  await expect(recordsNav(page).getByRole('link', { name: 'Profile' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByLabel('Phone')).toHaveValue('+14155550199');

  // The same email again is refused, next to the field, by the server.
  await page.goto('/reseller/clients/new');
  await page.waitForLoadState('networkidle');
  for (const [label, value] of [['First name', 'Noah'], ['Last name', 'Again'], ['Email', 'NOAH.wilson@example.com'], ['Phone', '4155550100']]) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByRole('tab', { name: 'Address' }).click();
  for (const [label, value] of [['Address 1', '1 Road'], ['City', 'Victoria'], ['State / province', 'BC'], ['Postcode', 'V8W 1A1']]) {
    await page.getByLabel(label).fill(value);
  }
  await page.getByLabel('Country', { exact: true }).selectOption({ label: 'Canada' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Another of your clients already uses this email.')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'General' })).toHaveAttribute('aria-selected', 'true');

  // Leaving with unsaved changes asks first; dismissing keeps the form.
  page.once('dialog', (dialog) => dialog.dismiss());
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Clients' }).click();
  await expect(page).toHaveURL(/\/reseller\/clients\/new$/);
  await expect(page.getByLabel('Last name')).toHaveValue('Again');
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Clients' }).click();
  await expect(page).toHaveURL(/\/reseller\/clients$/);

  // Found by search, sorted, opened from the row.
  await page.getByLabel('Search clients').fill('noah');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
  await page.getByRole('link', { name: 'Name' }).click();
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('link', { name: 'Client details Noah Wilson' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Noah Wilson/ })).toBeVisible();

  // Edit the profile; the change survives a reload.
  await page.getByRole('tab', { name: 'Address' }).click();
  await page.getByLabel('City').fill('North Vancouver');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Changes saved.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: /Noah Wilson/ })).toBeVisible();
  await page.reload();
  await page.getByRole('tab', { name: 'Address' }).click();
  await expect(page.getByLabel('City')).toHaveValue('North Vancouver');
  await recordsNav(page).getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByRole('cell', { name: /Edited client Noah Wilson/ })).toBeVisible();

  // Close, then delete after typing the email.
  await page.getByRole('link', { name: 'Close account Noah Wilson' }).click();
  await page.getByRole('button', { name: 'Close account' }).click();
  await expect(page).toHaveURL(/\/reseller\/clients$/);
  await expect(page.getByRole('row').filter({ hasText: 'noah.wilson@example.com' }).getByText('Closed')).toBeVisible();
  await page.getByRole('link', { name: 'Delete client Noah Wilson' }).click();
  await page.getByLabel("Type the client's email to confirm").fill('noah.wilson@example.com');
  await page.getByRole('button', { name: 'Delete client' }).click();
  await expect(page).toHaveURL(/\/reseller\/clients$/);
  await expect(page.getByRole('cell', { name: 'noah.wilson@example.com' })).toHaveCount(0);
});

test('client details show every record tab with translated statuses', async ({ page }) => {
  await signIn(page, englishReseller, 'English');
  await page.goto('/reseller/clients');
  await page.waitForLoadState('networkidle');
  const emma = page.getByRole('row').filter({ hasText: 'emma.johnson@example.com' });
  await expect(emma.getByRole('cell', { name: '1', exact: true })).toBeVisible(); // one service
  await expect(emma.getByRole('cell', { name: '137.87 USD', exact: true })).toBeVisible(); // paid income
  await page.getByRole('link', { name: 'Client details Emma Johnson' }).click();

  const expectations: [string, string][] = [
    ['Orders', 'Linux hosting Pro (johnsonbakery.com)'],
    ['Invoices', 'Paid'],
    ['Services', 'johnsonbakery.com'],
    ['Addons', 'Dedicated IP'],
    ['Domains', 'Registration'],
    ['Tickets', 'Question about my invoice'],
    ['Emails', 'Order #1 confirmed'],
  ];
  for (const [tab, text] of expectations) {
    await recordsNav(page).getByRole('link', { name: tab }).click();
    await expect(page).toHaveURL(new RegExp(`tab=${tab.toLowerCase()}`));
    await expect(recordsNav(page).getByRole('link', { name: tab })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('region', { name: tab }).getByRole('table')).toContainText(text);
  }
  // A reload keeps the tab.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Emails' }).getByRole('table')).toContainText('Order #1 confirmed');

  // The header opens the client's portal as them (the flow itself: login-as.spec.ts).
  await expect(page.getByRole('button', { name: 'Login as client Emma Johnson' })).toBeVisible();
});

test('a Persian reseller adds a client in Persian with a national ID fixed on the way', async ({ page }) => {
  await signIn(page, persianReseller, 'فارسی');
  await page.goto('/reseller/clients/new');
  await page.waitForLoadState('networkidle');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByLabel('نام', { exact: true }).fill('نیما');
  await page.getByLabel('نام خانوادگی').fill('صادقی');
  await page.getByLabel('ایمیل', { exact: true }).fill('nima.sadeghi@example.com');
  await page.getByLabel('تلفن').fill('۰۹۱۲۵۵۵۶۶۷۷');
  await page.getByLabel('کد ملی (اختیاری)').fill('۱۲۳۴۵۶۷۸۹۰');
  await page.getByRole('tab', { name: 'نشانی' }).click();
  await page.getByLabel('نشانی ۱').fill('خیابان آزادی، پلاک ۵');
  await page.getByLabel('شهر').fill('تبریز');
  await page.getByLabel('استان').fill('آذربایجان شرقی');
  await page.getByLabel('کد پستی').fill('۵۱۳۶۷۴۳۱۱۱');
  await expect(page.getByLabel('کشور', { exact: true })).toHaveValue('IR');

  await page.getByRole('button', { name: 'ذخیره' }).click();
  await expect(page.getByRole('tab', { name: 'عمومی' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('این کد ملی معتبر نیست')).toBeVisible();
  await page.getByLabel('کد ملی (اختیاری)').fill('۰۰۸۴۵۷۵۹۴۸');
  await page.getByRole('button', { name: 'ذخیره' }).click();

  await expect(page).toHaveURL(/\/reseller\/clients\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: /نیما صادقی/ })).toBeVisible();
  await expect(page.getByText(/مشتری از .*۱۴۰۵/)).toBeVisible();
  await expect(page.getByLabel('تلفن')).toHaveValue('+989125556677');
  await page.getByRole('navigation', { name: 'سوابق مشتری' }).getByRole('link', { name: 'صورتحساب‌ها' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'هنوز موردی ثبت نشده است.' })).toBeVisible();

  // The client got a Persian email with a link to set their password on پارس‌وب's portal.
  const email = await emailTo('nima.sadeghi@example.com');
  expect(email).toContain('نیما صادقی عزیز');
  const link = email.match(/https?:\/\/\S+\/portal\/parsweb\/set-password\?token=\S+/)![0];
  await page.getByRole('navigation', { name: 'سوابق مشتری' }).getByRole('link', { name: 'ایمیل‌ها' }).click();
  await expect(page.getByRole('region', { name: 'ایمیل‌ها' }).getByRole('table')).toContainText('ارسال‌شده');

  // The client opens it in their own browser, which asks for Persian.
  const clientBrowser = await page.context().browser()!.newContext({ locale: 'fa-IR' });
  const client = await clientBrowser.newPage();
  await client.goto(link);
  await client.waitForLoadState('networkidle');
  await expect(client.getByRole('heading', { level: 1, name: 'تعیین رمز عبور برای پارس‌وب' })).toBeVisible();
  await client.getByLabel('رمز عبور تازه', { exact: true }).fill('رمز-عبور-بلند-۱۴۰۵');
  await client.getByLabel('تکرار رمز عبور تازه').fill('something else');
  await client.getByRole('button', { name: 'ثبت رمز عبور' }).click();
  await expect(client.getByText('دو رمز عبور یکسان نیستند.')).toBeVisible();
  await expect(client.getByLabel('تکرار رمز عبور تازه')).toHaveAttribute('aria-invalid', 'true');
  await client.getByLabel('تکرار رمز عبور تازه').fill('رمز-عبور-بلند-۱۴۰۵');
  await client.getByRole('button', { name: 'ثبت رمز عبور' }).click();
  await expect(client).toHaveURL(/\/portal\/parsweb\/login\?password_set=1$/);
  await expect(client.getByRole('status').filter({ hasText: 'رمز عبور شما ثبت شد.' })).toBeVisible();
  await client.getByLabel('ایمیل').fill('nima.sadeghi@example.com');
  await client.getByLabel('رمز عبور').fill('رمز-عبور-بلند-۱۴۰۵');
  await client.getByRole('button', { name: 'ورود' }).click();
  await expect(client).toHaveURL(/\/portal\/parsweb$/);
  await clientBrowser.close();
});
