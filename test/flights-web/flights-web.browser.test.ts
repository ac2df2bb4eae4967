// The flights web app in a real browser (Debian's Chromium driven by playwright-core): opened at its
// CloudFront URL through the entry point outside every VPC, as a person on the internet opens it; it
// books a flight, sees the booking in the table and its airmiles appear. The browser is not on a fresh
// machine with only Node.js and Java: this suite is `npm run test:browser`, which .ci/run runs after
// installing Debian's chromium. It fails, never skips, without a browser.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FlightsWebFixture, startFlightsWeb } from "./flights-web-runtime.js";

const CHROMIUM = process.env.ACCOUNTMESH_CHROMIUM ?? "/usr/bin/chromium";
/** Where the README's screenshot is written. */
const SCREENSHOT = new URL("../../docs/img/flights-web.png", import.meta.url).pathname;

let fixture: FlightsWebFixture;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium) or set ACCOUNTMESH_CHROMIUM.`,
    );
  }
  fixture = await startFlightsWeb();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine's network is closed: no background fetches; every name goes through the proxy.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--proxy-server=${fixture.system.endpoints.internet}`,
    ],
  });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await fixture?.stop();
});

describe("the flights web app in Chromium", () => {
  it("books a flight at its CloudFront URL, lists it and shows its airmiles", async () => {
    // The local CA is not in Chromium's trust store; TLS is still real TLS through the proxy.
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1100, height: 900 },
    });
    const page = await context.newPage();
    const images: string[] = [];
    page.on("response", (response) => {
      if (response.url().includes("/img/"))
        images.push(`${new URL(response.url()).pathname} ${response.status()}`);
    });
    // Two bookings made before the page opens: with the first, the listing spans two pages of 2.
    for (const last of ["Byron", "Somerville"]) {
      const created = await fetch(`${fixture.apiLocal}bookings`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          first_name: "Mary",
          last_name: last,
          from_airport: "JFK",
          to_airport: "LAX",
          departure_date: "2027-02-01",
          return_date: "2027-02-03",
          age_group: "Adult",
          booking_class: "Economy",
        }),
      });
      expect(created.status).toBe(200);
    }
    await page.goto(fixture.site.url);
    expect(page.url()).toMatch(/^https:\/\/d[a-z0-9]{13}\.cloudfront\.net\/$/);
    await page.locator('input[name="first_name"]').fill("Ada");
    await page.locator('input[name="last_name"]').fill("Lovelace");
    await page.locator('select[name="from_airport"]').selectOption("SFO");
    await page.locator('select[name="to_airport"]').selectOption("MEL");
    // Each airport list hides the airport chosen in the other, as the seed's form does.
    expect(await page.locator('select[name="to_airport"] option[value="SFO"]').isHidden()).toBe(true);
    expect(await page.locator('select[name="from_airport"] option[value="MEL"]').isHidden()).toBe(true);
    expect(await page.locator('select[name="from_airport"] option[value="SFO"]').textContent()).toBe(
      "San Francisco (SFO)",
    );
    await page.locator('input[name="departure_date"]').fill("2027-03-01");
    await page.locator('input[name="return_date"]').fill("2027-03-15");
    await page.locator('select[name="booking_class"]').selectOption("Business");
    await page.getByRole("button", { name: "Book" }).click();

    const status = page.getByRole("status");
    await expect
      .poll(() => status.textContent(), { timeout: 20_000 })
      .toMatch(/^Booking success: [A-Z0-9]{8}$/);
    const bookingNumber = (await status.textContent())?.split(": ")[1] ?? "";
    const row = page.locator(`tr[data-booking="${bookingNumber}"]`);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    const cells = (await row.locator("td").allTextContents()).map((cell) => cell.replace(/\s+/g, " ").trim());
    expect(cells.slice(0, 8)).toEqual([
      bookingNumber,
      "Ada Lovelace",
      "SFO",
      "MEL",
      "2027-03-01",
      "2027-03-15",
      "Adult",
      "Business",
    ]);
    await expect.poll(() => row.locator("td.airmiles").textContent(), { timeout: 30_000 }).toMatch(/^\d+$/);
    // Every page of the listing is in the table.
    expect(await page.locator("tr[data-booking]").count()).toBe(3);
    // Melbourne has its image (the seed's was missing).
    expect(images).toContain("/img/mel.svg 200");
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await context.close();
  });

  it("says the booking failed, with the API's message, when the API refuses it", async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(fixture.site.url);
    // The browser's own validation would stop an empty form: post one the API refuses instead.
    await page.route("**/Prod/bookings", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      return route.continue({ postData: JSON.stringify({ first_name: "only" }) });
    });
    await page.locator('input[name="first_name"]').fill("Ada");
    await page.locator('input[name="last_name"]').fill("Lovelace");
    await page.locator('select[name="from_airport"]').selectOption("DEL");
    await page.locator('select[name="to_airport"]').selectOption("SYD");
    await page.locator('input[name="departure_date"]').fill("2027-03-01");
    await page.locator('input[name="return_date"]').fill("2027-03-15");
    await page.getByRole("button", { name: "Book" }).click();
    await expect
      .poll(() => page.getByRole("status").textContent(), { timeout: 20_000 })
      .toMatch(/^Booking failed: missing /);
    await context.close();
  });
});
