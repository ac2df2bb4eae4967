// The flights web app in a real browser (Debian's Chromium driven by playwright-core) against the real
// flights system (the project's cdk.out: FlightsBooking, FlightsAirmiles, FlightsWeb on one runtime):
// opened at its CloudFront URL through the entry point outside every VPC, as a person on the internet
// opens it, it books a flight through the booking API; the booking's event goes through the outbox and
// SNS to the airmiles account, and the airmiles appear in the page while it polls. The browser is not
// on a fresh machine with only Node.js and Java: this suite is `npm run test:browser`, which .ci/run
// runs after installing Debian's chromium. It fails, never skips, without a browser.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { airmilesFor } from "../../src/handlers/flights/airmiles.js";
import { type FlightsSystem, startFlightsSystem } from "../support/flights-system.js";

const CHROMIUM = process.env.ACCOUNTMESH_CHROMIUM ?? "/usr/bin/chromium";
/** Where the README's screenshot is written. */
const SCREENSHOT = new URL("../../docs/img/flights-web.png", import.meta.url).pathname;
/** The booking API's page size when the caller names none (`DEFAULT_LIMIT` of get-bookings.ts). */
const API_PAGE = 100;

let flights: FlightsSystem;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium) or set ACCOUNTMESH_CHROMIUM.`,
    );
  }
  flights = await startFlightsSystem();
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
      `--proxy-server=${flights.internet}`,
    ],
  });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await flights?.stop();
});

/** Books through the booking API's loopback URL (no browser); resolves with the booking number. */
async function bookDirectly(lastName: string, from = "JFK", to = "LAX"): Promise<string> {
  const created = await fetch(`${flights.bookingLocal.replace(/\/$/, "")}/Prod/bookings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      first_name: "Mary",
      last_name: lastName,
      from_airport: from,
      to_airport: to,
      departure_date: "2027-02-01",
      return_date: "2027-02-03",
      age_group: "Adult",
      booking_class: "Economy",
    }),
  });
  expect(created.status).toBe(200);
  return ((await created.json()) as { booking_number: string }).booking_number;
}

describe("the flights web app in Chromium, on the real flights system", () => {
  it("books a flight at its CloudFront URL, lists it, and its airmiles arrive from the airmiles account", async () => {
    // The local CA is not in Chromium's trust store; TLS is still real TLS through the proxy.
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1100, height: 900 },
    });
    const page = await context.newPage();
    const images: string[] = [];
    const apiHosts = new Set<string>();
    page.on("response", (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith("/img/")) images.push(`${url.pathname} ${response.status()}`);
      if (url.hostname.includes(".execute-api.")) apiHosts.add(`https://${url.hostname}`);
    });
    for (const last of ["Byron", "Somerville"]) await bookDirectly(last);
    await page.goto(flights.site.url);
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
      .poll(() => status.textContent(), { timeout: 30_000 })
      .toMatch(/^Booking success: [A-Z0-9]{8}$/);
    const bookingNumber = (await status.textContent())?.split(": ")[1] ?? "";
    const row = page.locator(`tr[data-booking="${bookingNumber}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
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
    // Computed in the airmiles account from the event SNS delivered: the route's miles × Business.
    await expect
      .poll(() => row.locator("td.airmiles").textContent(), { timeout: 60_000, interval: 500 })
      .toBe(String(airmilesFor("SFO", "MEL", "Business")));
    // The two bookings made before the page opened are listed too, each with its own airmiles.
    expect(await page.locator("tr[data-booking]").count()).toBe(3);
    const economy = String(airmilesFor("JFK", "LAX", "Economy"));
    await expect
      .poll(async () => (await page.locator("td.airmiles").allTextContents()).map((t) => t.trim()).sort(), {
        timeout: 60_000,
        interval: 500,
      })
      .toEqual([String(airmilesFor("SFO", "MEL", "Business")), economy, economy].sort());
    // The page called the two APIs of the other accounts, at the URLs config.json gave it.
    expect([...apiHosts].sort()).toEqual([flights.bookingApi, flights.airmilesApi].sort());
    // Melbourne has its image (the seed's was missing).
    expect(images).toContain("/img/mel.svg 200");
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await context.close();
  });

  it("lists every page of the bookings (X-Next-Token, exposed to the page by the API's CORS headers)", async () => {
    for (let n = 0; n < API_PAGE; n++) await bookDirectly(`Page${n}`, "DEL", "SYD");
    const all = await fetch(`${flights.bookingLocal.replace(/\/$/, "")}/Prod/bookings?limit=1000`);
    const total = ((await all.json()) as unknown[]).length;
    expect(total).toBeGreaterThan(API_PAGE);
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(flights.site.url);
    await expect.poll(() => page.locator("tr[data-booking]").count(), { timeout: 30_000 }).toBe(total);
    await context.close();
  });

  it("says the booking failed, with the API's message, when the API refuses it", async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(flights.site.url);
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
      .poll(() => page.getByRole("status").textContent(), { timeout: 30_000 })
      .toBe("Booking failed: last_name is required (the traveller's last name).");
    await context.close();
  });
});
