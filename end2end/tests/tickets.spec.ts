// Support tickets: a client opens one in the portal, the reseller answers it from the panel,
// both get their email; the reseller's departments; with tickets off in the portal the pages
// and the nav item are gone while the panel keeps working; and the forms without JavaScript.
// Uses the demo client Emma Johnson of NorthHost (server/src/demo.rs).
import { expect, test, type Browser, type Page } from '@playwright/test';
import { admin, englishReseller } from './demo';
import { emailAbout, signInAdmin, signInReseller } from './session';

const emma = { email: 'emma.johnson@example.com', password: 'Client!2026', brand: 'northhost' };
const supportEmail = 'help@northhost.example.com';

async function signInClient(page: Page) {
  await page.goto(`/portal/${emma.brand}/login`);
  await page.getByRole('form', { name: /Language/ }).getByRole('button', { name: 'English' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email').fill(emma.email);
  await page.getByLabel('Password').fill(emma.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/${emma.brand}$`));
}

/** Sets NorthHost's "Tickets in the portal" as the provider's admin, in a page of its own. */
async function setPortalTickets(browser: Browser, baseURL: string, on: boolean) {
  const page = await browser.newPage({ locale: 'en-US', baseURL });
  await signInAdmin(page, admin);
  await page.getByRole('link', { name: 'Edit NorthHost' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Tickets in the portal').setChecked(on);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.close();
}

/** Opens a ticket from the portal's form and answers its number. */
async function openTicket(page: Page, subject: string, message: string): Promise<string> {
  await page.getByRole('link', { name: 'Open ticket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Open a ticket' })).toBeVisible();
  await page.getByLabel('Department').selectOption({ label: 'Technical support' });
  await page.getByLabel('Priority').selectOption({ label: 'High' });
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Message').fill(message);
  await page.getByRole('button', { name: 'Send ticket' }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/${emma.brand}/tickets/\\d+$`));
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  return page.url().split('/').pop()!;
}

test('a client opens a ticket, the reseller answers it and the client reads the answer', async ({ page }) => {
  const subject = `Restore my backup ${Date.now()}`;
  await signInClient(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Tickets', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tickets' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Question about my invoice' })).toContainText('Billing');
  await page.waitForLoadState('networkidle');
  const id = await openTicket(page, subject, 'Please restore yesterday\'s backup of johnsonbakery.com.');
  await expect(page.getByText('Open', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Messages' })).toContainText("Please restore yesterday's backup");

  // The reseller's support address was told, in the reseller's language.
  const opened = await emailAbout(supportEmail, `New ticket #${id}`);
  expect(opened.subject).toContain(subject);
  expect(opened.text).toContain(`/reseller/tickets/${id}`);

  // The reseller answers from the panel.
  const reseller = await page.context().browser()!.newPage({ locale: 'en-US', baseURL: new URL(page.url()).origin });
  await signInReseller(reseller, englishReseller, 'English');
  await reseller.goto('/reseller/tickets');
  await reseller.getByRole('navigation', { name: 'Filter tickets by status' }).getByRole('link', { name: 'Open', exact: true }).click();
  const row = reseller.getByRole('row').filter({ hasText: subject });
  await expect(row).toContainText('Emma Johnson');
  await expect(row).toContainText('Technical support');
  await row.getByRole('link', { name: subject }).click();
  await expect(reseller.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(reseller.getByRole('link', { name: 'Client details: Emma Johnson' })).toBeVisible();
  await reseller.waitForLoadState('networkidle');
  await reseller.getByRole('textbox', { name: 'Message' }).fill('Restored. Please check the site.');
  await reseller.getByRole('button', { name: 'Send reply' }).click();
  await expect(reseller.getByRole('status').filter({ hasText: 'Your reply was sent.' })).toBeVisible();
  await expect(reseller.getByRole('region', { name: 'Messages' })).toContainText('Restored. Please check the site.');
  await expect(reseller.getByText('Answered', { exact: true })).toBeVisible();
  await reseller.close();

  // The client got the answer by email and sees it in the portal.
  const answered = await emailAbout(emma.email, `ticket #${id} was answered`);
  expect(answered.text).toContain('Restored. Please check the site.');
  expect(answered.text).toContain(`/portal/${emma.brand}/tickets/${id}`);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Messages' })).toContainText('Restored. Please check the site.');
  await expect(page.getByText('Answered', { exact: true })).toBeVisible();

  // The client's reply and closing the ticket.
  await page.waitForLoadState('networkidle');
  await page.getByRole('textbox', { name: 'Message' }).fill('Works again, thank you.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your reply was sent.' })).toBeVisible();
  await expect(page.getByText('Customer reply', { exact: true })).toBeVisible();
  await emailAbout(supportEmail, `Client reply on ticket #${id}`);
  await page.getByRole('button', { name: 'Close ticket' }).click();
  await expect(page.getByText('Closed', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Close ticket' })).toHaveCount(0);
  await expect(page.getByText('This ticket is closed. A reply opens it again.')).toBeVisible();
});

test('the reseller adds, renames and deactivates a department', async ({ page }) => {
  const name = `Abuse ${Date.now()}`;
  await signInReseller(page, englishReseller, 'English');
  await page.goto('/reseller/tickets');
  await page.getByRole('link', { name: 'Departments' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ticket departments' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const add = page.getByRole('form', { name: 'Add department' });
  await add.getByLabel('Name').fill('technical SUPPORT');
  await add.getByRole('button', { name: 'Add department' }).click();
  await expect(add.getByText('This is already in use.')).toBeVisible();
  await add.getByLabel('Name').fill(name);
  await add.getByRole('button', { name: 'Add department' }).click();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: `Deactivate ${name}` }).click();
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('Inactive');
  await expect(page.getByRole('button', { name: `Activate ${name}` })).toBeVisible();
});

test('with portal tickets off the ticket pages and links are gone', async ({ page, browser, baseURL }) => {
  await setPortalTickets(browser, baseURL!, false);
  try {
    await signInClient(page);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('link', { name: 'Invoices', exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Tickets', exact: true })).toHaveCount(0);
    for (const path of ['/tickets', '/tickets/new']) {
      await page.goto(`/portal/${emma.brand}${path}`);
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Open ticket' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Send ticket' })).toHaveCount(0);
    }
    // The reseller's own tickets keep working.
    const reseller = await browser.newPage({ locale: 'en-US', baseURL });
    await signInReseller(reseller, englishReseller, 'English');
    await reseller.goto('/reseller/tickets');
    await expect(reseller.getByRole('heading', { level: 1, name: 'Tickets' })).toBeVisible();
    await expect(reseller.getByRole('row').filter({ hasText: 'Question about my invoice' })).toBeVisible();
    await reseller.close();
  } finally {
    await setPortalTickets(browser, baseURL!, true);
  }
});

test('without JavaScript a client opens a ticket and replies to it', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US', baseURL });
  const page = await context.newPage();
  await page.goto(`/portal/${emma.brand}/login`);
  await page.getByLabel('Email').fill(emma.email);
  await page.getByLabel('Password').fill(emma.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto(`/portal/${emma.brand}/tickets`);
  const subject = `No script ${Date.now()}`;
  const id = await openTicket(page, subject, 'Sent from a plain form.');
  await page.getByRole('textbox', { name: 'Message' }).fill('A second plain message.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/${emma.brand}/tickets/${id}`));
  await expect(page.getByRole('region', { name: 'Messages' })).toContainText('A second plain message.');
  await context.close();
});
