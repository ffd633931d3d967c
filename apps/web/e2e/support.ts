import { randomInt } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import pg from "pg";
import { readOutbox } from "@shop/core/sms";
import { waitFor } from "@shop/test-support";

/** A fresh valid phone number (UK mobile range) per call. */
export function newPhone(): string {
  return `+4474${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
}

/** The newest code texted to `phone`, read from the mock sender's outbox like a person reading their SMS. */
export function latestCode(phone: string, after = 0, timeoutMs = 15_000): Promise<string> {
  return waitFor(
    `an SMS to ${phone}`,
    async () => {
      const texts = (await readOutbox(process.env.E2E_OUTBOX!)).filter((m) => m.to === phone && Date.parse(m.sentAt) >= after);
      return /\b(\d{6})\b/.exec(texts.at(-1)?.body ?? "")?.[1];
    },
    { timeoutMs, intervalMs: 150 },
  );
}

/** Signs in on /login with a code by SMS (creating the account when new). */
export async function signInWithCode(page: Page, phone: string, extra: { name?: string; password?: string; stay?: boolean } = {}) {
  // `stay`: the page is already /login (e.g. after a redirect that carries ?next=).
  if (!extra.stay) await page.goto("/login");
  await page.getByRole("tab", { name: "Code by SMS" }).click();
  const sentAfter = Date.now() - 1_000;
  // A click before the page has hydrated submits the form natively (the page reloads, empty): type and send again.
  await expect(async () => {
    await page.getByLabel("Phone number").fill(phone);
    await page.getByRole("button", { name: "Send code" }).click();
    await expect(page.getByLabel("Code", { exact: true })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByLabel("Code", { exact: true }).fill(await latestCode(phone, sentAfter));
  if (extra.name) await page.getByLabel(/^Name/).fill(extra.name);
  if (extra.password) await page.getByLabel(/^Password/).fill(extra.password);
  await page.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Direct database access for setup only (e.g. making an admin), never to check what the UI should show. */
export async function withDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** axe-core's WCAG 2.1 A and AA rules over the page as it is; a failure names the state, the rules and the elements. */
export async function expectNoViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, what).toEqual([]);
}
