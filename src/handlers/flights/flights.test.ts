import { describe, expect, it } from "vitest";
import { AIRPORTS, airmilesFor, greatCircleMiles } from "./airmiles.js";
import { eventOf, newBookingNumber, parseBooking } from "./booking.js";

const seed = {
  first_name: "Michael",
  last_name: "Surname",
  from_airport: "DEL",
  to_airport: "MEL",
  departure_date: "12/04/2017",
  return_date: "21/04/2017",
  age_group: "Adult",
  booking_class: "Economy",
};

describe("airmiles from the route", () => {
  it("are the great-circle distance in miles (published distances, within 1%)", () => {
    // Published great-circle distances: JFK-LAX 2,475 mi, SYD-MEL 439 mi, DEL-MEL 6,332 mi (gcmap).
    expect(greatCircleMiles("JFK", "LAX")).toBeCloseTo(2475, -1.5);
    expect(greatCircleMiles("SYD", "MEL")).toBeCloseTo(439, -1);
    expect(Math.abs(greatCircleMiles("DEL", "MEL") - 6332) / 6332).toBeLessThan(0.01);
    expect(greatCircleMiles("SFO", "JFK")).toBe(greatCircleMiles("JFK", "SFO"));
  });

  it("grow with the class and never vary for the same booking", () => {
    const economy = airmilesFor("SYD", "LAX", "Economy");
    expect(airmilesFor("SYD", "LAX", "Premium Economy")).toBeGreaterThan(economy);
    expect(airmilesFor("SYD", "LAX", "Business")).toBeGreaterThan(
      airmilesFor("SYD", "LAX", "Premium Economy"),
    );
    expect(airmilesFor("SYD", "LAX", "First Class")).toBe(Math.round(greatCircleMiles("SYD", "LAX") * 2));
    expect(airmilesFor("SYD", "LAX", "Economy")).toBe(economy);
    expect(() => greatCircleMiles("DEL", "XXX")).toThrow(/unknown airport XXX/);
    expect(Object.keys(AIRPORTS)).toContain("SFO");
  });
});

describe("a booking request", () => {
  it("accepts the seed's 8 fields and answers with the seed's 4-field event", () => {
    const parsed = parseBooking(JSON.stringify(seed), false);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const event = eventOf({ ...parsed.value, booking_number: "ABCD1234" });
    expect(event).toEqual({
      booking_number: "ABCD1234",
      from_airport: "DEL",
      to_airport: "MEL",
      departure_date: "12/04/2017",
    });
    expect(parseBooking(Buffer.from(JSON.stringify(seed)).toString("base64"), true).ok).toBe(true);
    expect(
      parseBooking(JSON.stringify({ ...seed, departure_date: "2017-04-12T00:00:00.000Z" }), false).ok,
    ).toBe(true);
  });

  it("says what is wrong, in the user's terms", () => {
    const message = (body: string) => {
      const parsed = parseBooking(body, false);
      return parsed.ok ? "" : parsed.message;
    };
    expect(message(JSON.stringify({ ...seed, first_name: " " }))).toBe(
      "first_name must not be empty (the traveller's first name).",
    );
    expect(message(JSON.stringify({ ...seed, age_group: "Senior" }))).toBe(
      "age_group must be one of Adult, Child, Infant.",
    );
    expect(message(JSON.stringify({ ...seed, last_name: 7 }))).toBe(
      "last_name must be a string (the traveller's last name).",
    );
    expect(message("null")).toContain("JSON object");
  });

  it("draws booking numbers of 8 × [A-Z0-9]", () => {
    const numbers = new Set(Array.from({ length: 200 }, newBookingNumber));
    for (const n of numbers) expect(n).toMatch(/^[A-Z0-9]{8}$/);
    expect(numbers.size).toBe(200);
  });
});
