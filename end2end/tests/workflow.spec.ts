import { expect, test } from '@playwright/test';
import { englishReseller } from './demo';
import { emailAbout, signInReseller } from './session';

// Runs last (files run in name order): it places orders, which earlier tests would count.

test('a reseller places an order for a client through the wizard, and the client and reseller are emailed', async ({ page }) => {
  await signInReseller(page, englishReseller, 'English');
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
  await expect(quote.getByRole('row', { name: /Total/ })).toContainText('12.99 USD');
  // The whole state is in the URL: a reload shows the same review.
  await page.reload();
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('table').getByRole('row', { name: /Total/ })).toContainText('12.99 USD');
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
  expect(confirmation.text).toContain('Linux hosting Starter (Monthly) – johnson-bakery.com: 9.99 USD');
  expect(confirmation.text).toContain('Total: 12.99 USD');
  const notice = await emailAbout(englishReseller.email, `New order #${number} for Emma Johnson`);
  expect(notice.text).toContain('/reseller/orders/' + number);
  await emailAbout('emma.johnson@example.com', 'NorthHost: invoice #');
});
