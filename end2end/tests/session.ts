// Shared steps of the end-to-end tests: signing in and reading the emails the server wrote.
import { expect, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The server writes emails as .eml files here (no SMTP configured); scripts/test.sh sets it.
export const mailDir = process.env.RD_MAIL_DIR ?? '/tmp/rd-data/mail';

export async function signInReseller(page: Page, who: { email: string; password: string }, language: 'English' | 'فارسی') {
  await page.goto('/reseller/login');
  await page.getByRole('form', { name: /Language/ }).getByRole('button', { name: language }).click();
  await page.waitForLoadState('networkidle');
  await page.getByLabel(language === 'English' ? 'Email' : 'ایمیل').fill(who.email);
  await page.getByLabel(language === 'English' ? 'Password' : 'رمز عبور').fill(who.password);
  await page.getByRole('button', { name: language === 'English' ? 'Sign in' : 'ورود' }).click();
  await expect(page).toHaveURL(/\/reseller$/);
}

export async function signInAdmin(page: Page, who: { email: string; password: string }) {
  await page.goto('/admin/login');
  await page.getByRole('form', { name: /Language/ }).getByRole('button', { name: 'English' }).click();
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin$/);
}

export type Email = { subject: string; text: string };

function decodeWords(header: string): string {
  return header.replace(/=\?utf-8\?b\?([^?]+)\?=\s*/gi, (_, b64) => Buffer.from(b64, 'base64').toString('utf8')).trim();
}

/** A MIME part's body as text, by its Content-Transfer-Encoding. */
function decodeBody(body: string, headers: string): string {
  if (/Content-Transfer-Encoding: base64/i.test(headers)) {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    const joined = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < joined.length; i++) {
      if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
        bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(joined[i], 'utf8'));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/** Every email written so far to `to`, subject and plain text decoded. */
export function emailsTo(to: string): Email[] {
  const found: Email[] = [];
  for (const file of readdirSync(mailDir).filter((f) => f.endsWith('.eml'))) {
    const eml = readFileSync(join(mailDir, file), 'utf8');
    if (!eml.includes(`<${to}>`)) continue;
    const subjectLine = eml.split('\r\n').findIndex((l) => l.startsWith('Subject:'));
    const lines = eml.split('\r\n');
    let subject = lines[subjectLine].slice('Subject:'.length);
    for (let i = subjectLine + 1; lines[i] && /^\s/.test(lines[i]); i++) subject += lines[i];
    const part = eml.split('Content-Type: text/plain; charset=utf-8')[1] ?? '';
    const [headers, ...rest] = part.split('\r\n\r\n');
    const body = rest.join('\r\n\r\n').split('\r\n--')[0];
    found.push({ subject: decodeWords(subject), text: decodeBody(body, headers) });
  }
  return found;
}

/** Waits until the outbox worker wrote an email to `to` whose subject contains `subject`. */
export async function emailAbout(to: string, subject: string): Promise<Email> {
  let email: Email | undefined;
  await expect
    .poll(() => {
      email = emailsTo(to).find((e) => e.subject.includes(subject));
      return email !== undefined;
    }, { timeout: 15_000, message: `an email to ${to} about "${subject}"` })
    .toBe(true);
  return email!;
}
