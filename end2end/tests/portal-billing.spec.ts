// The client portal's invoices: paying from account credit, and no pay controls when the
// reseller does not take payments in the portal. The demo gives Sara (parsweb) and Emma
// (northhost) each an unpaid renewal, the newest unpaid invoice, that their credit pays
// (server/src/demo.rs, seed_portal_credit). Sara pays hers here (her other unpaid invoice
// stays for the dashboard's test); Emma's stays unpaid, so her paid income stays as other
// tests expect.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { admin, persianReseller } from './demo';
import { signInAdmin, signInReseller } from './session';

const sara = { email: 'sara.ahmadi@example.com', password: 'Client!2026', brand: 'parsweb' };
const emma = { email: 'emma.johnson@example.com', password: 'Client!2026', brand: 'northhost' };

async function signInClient(page: Page, who: { email: string; password: string; brand: string }) {
  await page.goto(`/portal/${who.brand}/login`);
  await page.getByRole('form', { name: /Language/ }).getByRole('button', { name: 'English' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/${who.brand}$`));
}

/** Opens the client's newest unpaid invoice from the list and answers its number. */
async function openUnpaidInvoice(page: Page): Promise<string> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Invoices', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Invoices' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Filter invoices by status' }).getByRole('link', { name: 'Unpaid', exact: true }).click();
  const link = page.getByRole('row').filter({ hasText: 'Unpaid' }).first().getByRole('link', { name: /^Invoice #\d+$/ });
  const number = ((await link.getAttribute('aria-label')) ?? '').replace('Invoice #', '');
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: `Invoice #${number}` })).toContainText('Unpaid');
  return number;
}

/** Sets NorthHost's "Pay invoices in the portal" as the provider's admin, in a page of its own. */
async function setPortalPayments(browser: Browser, baseURL: string, on: boolean) {
  const page = await browser.newPage({ locale: 'en-US', baseURL });
  await signInAdmin(page, admin);
  await page.getByRole('link', { name: 'Edit NorthHost' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Pay invoices in the portal').setChecked(on);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.close();
}

test('with portal payments off the invoice shows without pay controls', async ({ page, browser, baseURL }) => {
  await setPortalPayments(browser, baseURL!, false);
  try {
    await signInClient(page, emma);
    await openUnpaidInvoice(page);
    await expect(page.getByRole('heading', { level: 2, name: 'Bill to' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Pay this invoice' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /from credit/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'I have sent the transfer' })).toHaveCount(0);
  } finally {
    await setPortalPayments(browser, baseURL!, true);
  }
  // Back on: the same invoice offers both ways to pay.
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Pay this invoice' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Pay .* from credit$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'I have sent the transfer' })).toBeVisible();
});

test('a client pays an invoice from credit and the reseller sees the payment', async ({ page }) => {
  await signInClient(page, sara);
  const number = await openUnpaidInvoice(page);
  await expect(page.getByRole('heading', { level: 3, name: 'Pay from your account credit' })).toBeVisible();
  await expect(page.getByText('Your credit covers the whole balance')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: /^Pay .* from credit$/ }).click();

  await expect(page.getByRole('status').filter({ hasText: 'The invoice is paid. Thank you!' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: `Invoice #${number}` })).toContainText('Paid');
  await expect(page.getByRole('row').filter({ hasText: 'Account credit' })).toBeVisible();
  await expect(page.getByRole('button', { name: /from credit/ })).toHaveCount(0);

  // The reseller's invoice page shows the payment.
  const reseller = await page.context().browser()!.newPage({ locale: 'en-US', baseURL: new URL(page.url()).origin });
  await signInReseller(reseller, persianReseller, 'فارسی');
  await reseller.goto(`/reseller/invoices/${number}`);
  const persianNumber = number.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
  await expect(reseller.getByRole('heading', { level: 1, name: `صورتحساب شمارهٔ ${persianNumber}` })).toContainText('پرداخت‌شده');
  await expect(reseller.getByRole('row').filter({ hasText: 'اعتبار حساب' })).toBeVisible();
  await reseller.close();
});
