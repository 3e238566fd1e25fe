import { expect, test } from '@playwright/test';
import { admin, englishReseller } from './demo';
import { emailAbout, signInAdmin, signInReseller } from './session';

// Runs last (files run in name order): it changes prices and places orders, which earlier
// tests would see.

test("from the provider's price range to a paid invoice: prices, the order wizard, emails, accepting and paying", async ({ browser }) => {
  // The provider narrows the range resellers may charge for Starter, monthly in USD.
  const adminPage = await (await browser.newContext()).newPage();
  await signInAdmin(adminPage, admin);
  await adminPage.goto('/admin/products');
  await adminPage.waitForLoadState('networkidle');
  await adminPage.getByRole('link', { name: 'Edit Linux hosting Starter' }).click();
  await expect(adminPage.getByRole('heading', { level: 1 })).toContainText('Linux hosting Starter');
  await adminPage.waitForLoadState('networkidle');
  const maxPrice = adminPage.getByLabel('Maximum reseller price, Linux hosting Starter, USD Monthly');
  await maxPrice.fill('15.00');
  await adminPage.getByRole('button', { name: 'Save price Linux hosting Starter USD Monthly' }).click();
  await adminPage.waitForLoadState('networkidle');
  await adminPage.reload();
  await expect(adminPage.getByLabel('Maximum reseller price, Linux hosting Starter, USD Monthly')).toHaveValue('15.00');

  // The reseller's price above the new maximum is refused next to its field; one inside saves.
  const page = await (await browser.newContext()).newPage();
  await signInReseller(page, englishReseller, 'English');
  await page.goto('/reseller/products?currency=USD');
  await page.waitForLoadState('networkidle');
  const starterPrice = page.getByLabel('Price Web hosting Linux hosting Starter Monthly');
  await starterPrice.fill('16.00');
  await page.getByRole('button', { name: 'Save prices for Web hosting Linux hosting Starter' }).click();
  await expect(starterPrice).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('This is outside the allowed range.')).toBeVisible();
  await starterPrice.fill('11.50');
  await page.getByRole('button', { name: 'Save prices for Web hosting Linux hosting Starter' }).click();
  await expect(starterPrice).toHaveAttribute('aria-invalid', 'false');
  await page.reload();
  await expect(page.getByLabel('Price Web hosting Linux hosting Starter Monthly')).toHaveValue('11.50');

  await page.goto('/reseller/clients');
  await page.waitForLoadState('networkidle');
  await page.getByRole('link', { name: 'Place order Emma Johnson' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Place order for Emma Johnson' })).toBeVisible();
  const steps = page.getByRole('list', { name: 'Order steps' });
  await expect(steps.getByText('Product')).toHaveAttribute('aria-current', 'step');

  // Continuing without a choice is refused by the browser; pick the product.
  await page.getByRole('radio', { name: /Linux hosting Starter/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(steps.getByText('Options')).toHaveAttribute('aria-current', 'step');
  await expect(page).toHaveURL(/step=configure/);

  // A host name that is not a domain is refused next to its field.
  await page.getByRole('radio', { name: /Monthly/ }).check();
  await page.getByLabel('Domain name for this hosting').fill('johnson bakery');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByLabel('Domain name for this hosting')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter a domain name such as example.com')).toBeVisible();
  await page.getByLabel('Domain name for this hosting').fill('johnson-bakery.com');
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(steps.getByText('Addons')).toHaveAttribute('aria-current', 'step');
  await page.getByRole('checkbox', { name: /Daily backup/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(steps.getByText('Review and place')).toHaveAttribute('aria-current', 'step');
  const quote = page.getByRole('table');
  await expect(quote).toContainText('Linux hosting Starter (Monthly) – johnson-bakery.com');
  await expect(quote).toContainText('Daily backup (Monthly)');
  await expect(quote.getByRole('row', { name: /Total/ })).toContainText('14.50 USD');
  // The whole state is in the URL: a reload shows the same review.
  await page.reload();
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('table').getByRole('row', { name: /Total/ })).toContainText('14.50 USD');
  const review = page.url();

  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page).toHaveURL(/\/reseller\/orders\/\d+$/);
  const orderUrl = page.url();
  const number = orderUrl.split('/').pop()!;

  // Submitting the same review again (a retry, a second click) returns the same order.
  await page.goto(review);
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page).toHaveURL(orderUrl);

  const confirmation = await emailAbout('emma.johnson@example.com', `NorthHost: order #${number} received`);
  expect(confirmation.text).toContain('Linux hosting Starter (Monthly) – johnson-bakery.com: 11.50 USD');
  expect(confirmation.text).toContain('Total: 14.50 USD');
  const notice = await emailAbout(englishReseller.email, `New order #${number} for Emma Johnson`);
  expect(notice.text).toContain('/reseller/orders/' + number);
  const invoiceEmail = await emailAbout('emma.johnson@example.com', 'NorthHost: invoice #');
  const invoiceNumber = invoiceEmail.subject.match(/invoice #(\d+)/)![1];

  // The client's details show the new order, its unpaid invoice and the pending service.
  await page.goto(orderUrl);
  await page.getByRole('link', { name: 'Emma Johnson' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Emma Johnson');
  const recordsNav = page.getByRole('navigation', { name: 'Client records' });
  await recordsNav.getByRole('link', { name: 'Orders' }).click();
  const orderRow = page.getByRole('region', { name: 'Orders' }).getByRole('row').filter({ has: page.getByRole('link', { name: `Order #${number}` }) });
  await expect(orderRow).toContainText('Pending');
  await expect(orderRow).toContainText('14.50 USD');
  await recordsNav.getByRole('link', { name: 'Invoices' }).click();
  const invoiceRow = page.getByRole('region', { name: 'Invoices' }).getByRole('row').filter({ has: page.getByRole('link', { name: `Invoice #${invoiceNumber}` }) });
  await expect(invoiceRow).toContainText('Unpaid');
  await recordsNav.getByRole('link', { name: 'Services' }).click();
  const serviceRow = page.getByRole('region', { name: 'Services' }).getByRole('row').filter({ hasText: 'johnson-bakery.com' });
  await expect(serviceRow).toContainText('Pending');

  // Accepting the order activates the service.
  await page.goto(orderUrl);
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Accept order' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Order accepted.' })).toBeVisible();
  await page.goto(orderUrl);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Active');

  // A payment of the whole balance makes the invoice Paid.
  await page.getByRole('link', { name: `Invoice #${invoiceNumber}` }).click();
  await expect(page).toHaveURL(new RegExp(`/reseller/invoices/${invoiceNumber}$`));
  await page.waitForLoadState('networkidle');
  await expect(page.getByLabel('Amount (USD)')).toHaveValue('14.50');
  await page.getByLabel('Payment method').selectOption({ label: 'Bank transfer' });
  await page.getByLabel('Reference (optional)').fill('TX-20261127');
  await page.getByRole('button', { name: 'Add payment' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Payment recorded.' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Paid');
  await expect(page.getByRole('table').filter({ hasText: 'TX-20261127' })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the order wizard is plain forms: a domain registration placed step by step', async ({ page }) => {
    await signInReseller(page, englishReseller, 'English');
    await page.goto('/reseller/clients');
    await page.getByRole('link', { name: 'Place order علی رضایی' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Place order for علی رضایی' })).toBeVisible();
    await page.getByRole('radio', { name: /Register a new domain/ }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(/item=domain-register/);
    await page.getByLabel('Domain name').fill('ali-shop.ir');
    await page.getByLabel('Registration period').selectOption('2');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(/step=review/);
    const quote = page.getByRole('table');
    await expect(quote).toContainText('Register ali-shop.ir for 2 years');
    await expect(quote.getByRole('row', { name: /Total/ })).toContainText('2,400,000 Rial');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page).toHaveURL(/\/reseller\/orders\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Pending');
    // The order's lines are written in the client's language (Ali reads Persian).
    await expect(page.getByRole('table').first()).toContainText('ثبت دامنهٔ ali-shop.ir برای ۲ سال');
  });
});
