// Hostile data typed into the forms, as a user would: a new reseller whose brand and contact
// name are markup, with markup in their settings' texts, a ticket department, a client's every
// free-text field, a ticket's subject and message. Then every page of the admin, the reseller's
// panel and the client's portal is opened in English and in Persian: no dialog may fire, the
// browser must report no Content-Security-Policy violation (hydration runs under the policy),
// and the server's HTML must carry none of the markup as written.
import { type Page, expect, test } from '@playwright/test';
import { admin } from './demo';
import { signInAdmin, signInReseller } from './session';

/** Markup naming the field it was typed into, for each context it could break out of. */
const title = (tag: string) => `</title><script>alert("${tag}")</script>`;
const attribute = (tag: string) => `"><img src=x onerror=alert("${tag}")>`;
const textarea = (tag: string) => `</textarea><script>alert("${tag}")</script>`;
const MARKERS = ['<script>alert', '<img src=x', '</title><script', '</textarea><script'];

const reseller = { email: 'hostile@example.com', password: 'Reseller!2026', slug: 'hostile' };
const brand = title('brand');
const department = attribute('department');
const firstName = title('first_name');
const lastName = attribute('last_name');
const subject = title('subject');

/** Fails the test on any dialog, and collects what the console says about the policy. */
function watch(page: Page, problems: string[]) {
  page.on('dialog', async (dialog) => {
    problems.push(`${page.url()}: a ${dialog.type()} said ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to (execute|apply|load)/i.test(message.text())) {
      problems.push(`${page.url()}: ${message.text()}`);
    }
  });
}

/** Opens `path`, checks the server's HTML for the markup, and lets the page hydrate. */
async function visit(page: Page, path: string, problems: string[]) {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  expect(response!.status(), path).toBeLessThan(400);
  const html = await response!.text();
  for (const marker of MARKERS) {
    if (html.includes(marker)) {
      const at = html.indexOf(marker);
      problems.push(`${path}: the server wrote ${JSON.stringify(html.slice(Math.max(0, at - 60), at + 60))}`);
    }
  }
  await page.waitForLoadState('networkidle');
}

test('markup typed into every form is shown as text on every page, in both languages', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const problems: string[] = [];

  // The provider adds the reseller.
  const adminContext = await browser.newContext({ locale: 'en-US', baseURL });
  const adminPage = await adminContext.newPage();
  watch(adminPage, problems);
  await signInAdmin(adminPage, admin);
  await adminPage.getByRole('link', { name: 'Add reseller' }).click();
  await adminPage.waitForLoadState('networkidle');
  await adminPage.getByLabel('Brand name').fill(brand);
  await adminPage.getByLabel('Portal address').fill(reseller.slug);
  await adminPage.getByLabel('Contact name').fill(attribute('contact_name'));
  await adminPage.getByLabel('Email', { exact: true }).fill(reseller.email);
  await adminPage.getByLabel('Password', { exact: true }).fill(reseller.password);
  await adminPage.getByLabel('Support email').fill('help@hostile.example.com');
  await adminPage.getByLabel('Tickets in the portal').check();
  await adminPage.getByRole('button', { name: 'Save' }).click();
  await expect(adminPage).toHaveURL(/\/admin$/);
  const row = adminPage.getByRole('row').filter({ hasText: reseller.email });
  await expect(row).toContainText(brand);
  const editLink = await row.getByRole('link').first().getAttribute('href');

  // The reseller fills their settings, a department and a client.
  const panelContext = await browser.newContext({ locale: 'en-US', baseURL });
  const panel = await panelContext.newPage();
  watch(panel, problems);
  await signInReseller(panel, reseller, 'English');
  await panel.goto('/reseller/settings');
  await panel.waitForLoadState('networkidle');
  await panel.getByLabel('Invoice "pay to" text').fill(textarea('pay_to'));
  await panel.getByLabel('Bank transfer instructions').fill(textarea('bank_transfer'));
  await panel.getByRole('button', { name: 'Save' }).first().click();
  await expect(panel.getByRole('status').filter({ hasText: 'Changes saved.' })).toBeVisible();

  await panel.goto('/reseller/tickets/departments');
  await panel.waitForLoadState('networkidle');
  const add = panel.getByRole('form', { name: 'Add department' });
  await add.getByLabel('Name').fill(department);
  await add.getByRole('button', { name: 'Add department' }).click();
  await expect(panel.getByRole('row').filter({ hasText: department })).toBeVisible();

  await panel.goto('/reseller/clients/new');
  await panel.waitForLoadState('networkidle');
  await panel.getByLabel('First name', { exact: true }).fill(firstName);
  await panel.getByLabel('Last name', { exact: true }).fill(lastName);
  await panel.getByLabel('Company (optional)').fill(textarea('company'));
  await panel.getByLabel('Email', { exact: true }).fill('hostile.client@example.com');
  await panel.getByLabel('Phone', { exact: true }).fill('4155550123');
  await panel.getByRole('tab', { name: 'Address' }).click();
  await panel.getByLabel('Address 1').fill(attribute('address1'));
  await panel.getByLabel('Address 2').fill(title('address2'));
  await panel.getByLabel('City').fill(attribute('city'));
  await panel.getByLabel('State / province').fill(title('state'));
  await panel.getByLabel('Postcode').fill('V8W 1A1');
  await panel.getByLabel('Country', { exact: true }).selectOption({ label: 'Canada' });
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel).toHaveURL(/\/reseller\/clients\/\d+$/);
  const clientPath = new URL(panel.url()).pathname;

  // As the client, through Login as client: a ticket with markup in its subject and message.
  await panel.goto('/reseller/clients');
  await panel.getByRole('button', { name: /^Login as client / }).first().click();
  await expect(panel.getByText(/You are about to open the portal of/)).toContainText(firstName);
  await panel.getByRole('button', { name: 'Open the portal as the client' }).click();
  await expect(panel).toHaveURL(new RegExp(`/portal/${reseller.slug}$`));
  await panel.goto(`/portal/${reseller.slug}/tickets/new`);
  await panel.waitForLoadState('networkidle');
  await panel.getByLabel('Department').selectOption({ label: department });
  await panel.getByLabel('Subject').fill(subject);
  await panel.getByLabel('Message').fill(textarea('message'));
  await panel.getByRole('button', { name: 'Send ticket' }).click();
  await expect(panel).toHaveURL(new RegExp(`/portal/${reseller.slug}/tickets/\\d+$`));
  await expect(panel.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  const portalTicket = new URL(panel.url()).pathname;
  const ticketId = portalTicket.split('/').pop();

  const portalPages = ['', '/services', '/domains', '/invoices', '/tickets', '/tickets/new', '/account', '/store'].map(
    (p) => `/portal/${reseller.slug}${p}`,
  );
  portalPages.push(portalTicket);
  const panelPages = [
    '/reseller',
    '/reseller/clients',
    clientPath,
    `${clientPath}?tab=activity`,
    `${clientPath}?tab=emails`,
    `${clientPath}/order`,
    '/reseller/tickets',
    `/reseller/tickets/${ticketId}`,
    '/reseller/tickets/departments',
    '/reseller/settings',
    '/reseller/orders',
    '/reseller/invoices',
  ];
  const adminPages = ['/admin', editLink ?? '/admin', '/admin/settings'];

  for (const language of ['en', 'fa']) {
    for (const context of [adminContext, panelContext]) {
      await context.addCookies([{ name: 'lang', value: language, url: baseURL! }]);
    }
    for (const path of portalPages) await visit(panel, path, problems);
    for (const path of panelPages) await visit(panel, path, problems);
    for (const path of adminPages) await visit(adminPage, path, problems);
    // The page's own script shows the names as text.
    await visit(panel, clientPath, problems);
    await expect(panel.getByRole('heading', { level: 1 })).toContainText(firstName);
    expect(await panel.title()).toContain(firstName);
  }

  await adminContext.close();
  await panelContext.close();
  expect(problems, problems.join('\n')).toEqual([]);
});
