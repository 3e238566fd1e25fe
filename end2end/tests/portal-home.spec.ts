// The client portal's own pages: dashboard, services, account details and "Forgot password".
import { expect, test, type Page } from '@playwright/test';
import { persianClient } from './demo';
import { emailAbout } from './session';

async function signInClient(page: Page) {
  await page.goto(`/portal/${persianClient.brand}/login`);
  await page.getByRole('form', { name: /Language/ }).getByRole('button', { name: 'English' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email').fill(persianClient.email);
  await page.getByLabel('Password').fill(persianClient.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/${persianClient.brand}$`));
}

test('a client sees the dashboard and services and edits their account details', async ({ page }) => {
  await signInClient(page);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome to ${persianClient.brandName}` })).toBeVisible();
  const summary = page.getByRole('list', { name: 'Summary' });
  await expect(summary.getByRole('link', { name: /Active services/ })).toBeVisible();
  await expect(summary.getByRole('link', { name: /Unpaid invoices/ })).toContainText('Total due:');
  await expect(page.getByRole('heading', { level: 2, name: 'Services due soonest' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Unpaid invoices' })).toBeVisible();

  // Services: the demo client's hosting, and its page.
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Services', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Services' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'Linux hosting Pro' });
  await expect(row).toContainText('Annually');
  await row.getByRole('link', { name: 'Linux hosting Pro' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Linux hosting Pro (sara-shop.ir)' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Addons' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to services' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Services' })).toBeVisible();

  // Another client's service (or none) is not found.
  await page.goto(`/portal/${persianClient.brand}/services/999999`);
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Services');

  // Account details: the reseller's form's fields, saved in place; a bad email is refused.
  await page.goto(`/portal/${persianClient.brand}/account`);
  await expect(page.getByRole('heading', { level: 1, name: 'Account details' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const address2 = page.getByLabel('Address 2 (optional)');
  const before = await address2.inputValue();
  await address2.fill('Unit 4');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Changes saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Address 2 (optional)')).toHaveValue('Unit 4');
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email', { exact: true }).fill('not-an-email');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByLabel('Email', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  // Put things back for the other tests.
  await page.reload();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Address 2 (optional)').fill(before);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Changes saved.' })).toBeVisible();

  // The password form asks for the current password.
  await expect(page.getByRole('heading', { level: 2, name: 'Change password' })).toBeVisible();
  await expect(page.getByLabel('Current password')).toBeVisible();
});

test('"Forgot password" emails the client a link to choose a new password', async ({ page }) => {
  await page.goto(`/portal/${persianClient.brand}/login`);
  await page.getByRole('form', { name: /Language/ }).getByRole('button', { name: 'English' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Reset your password for ${persianClient.brandName}` })).toBeVisible();
  await page.waitForLoadState('networkidle');

  // An unknown address gets the same answer as a real one.
  await page.getByLabel('Email').fill('nobody-here@example.com');
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'If an account with this email exists' })).toBeVisible();

  await page.reload();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email').fill(persianClient.email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'If an account with this email exists' })).toBeVisible();

  // The client's language is Persian, so is the email.
  const email = await emailAbout(persianClient.email, 'بازنشانی رمز عبور');
  const link = email.text.match(new RegExp(`https?://\\S+/portal/${persianClient.brand}/set-password\\?token=\\S+`))![0];
  // The link is on the host name the reseller mapped (the demo's parsweb.localhost), not the provider's.
  expect(new URL(link).hostname).toBe('parsweb.localhost');
  await page.getByRole('link', { name: 'Back to sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/${persianClient.brand}/login$`));
});

test('a client orders from the store at the reseller prices and lands on the invoice to pay', async ({ page }) => {
  await signInClient(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Store' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Store' })).toBeVisible();
  await page.getByRole('radio', { name: /Register a new domain/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Domain name', { exact: true }).fill('sara-store.ir');
  await page.getByRole('button', { name: 'Continue' }).click();
  const quote = page.getByRole('table');
  await expect(quote).toContainText('sara-store.ir');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/${persianClient.brand}/invoices/\\d+`));
  await expect(page.getByRole('complementary', { name: 'Signed in as a client' })).toHaveCount(0);
  // The new domain is the client's, pending until the reseller accepts the order.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Domains' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'sara-store.ir' })).toBeVisible();
});
