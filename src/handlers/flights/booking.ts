// A booking, pure: the seed's 8 fields validated (all required, airports among the seed's, from ≠ to,
// class and age group among the seed's, dates as the seed's clients send them), the booking number
// (8 × [A-Z0-9], as the seed draws it) and the event the seed publishes and answers with.
import { randomInt } from "node:crypto";
import { z } from "zod";
import { AIRPORTS, CLASS_FACTORS } from "./airmiles.js";

export const MAX_BODY_BYTES = 10_240;
export const BOOKING_NUMBER = /^[A-Z0-9]{8}$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

const text = (what: string) =>
  z
    .string({
      error: (i) => (i.input === undefined ? `is required (${what})` : `must be a string (${what})`),
    })
    .trim()
    .min(1, { error: `must not be empty (${what})` })
    .max(100, { error: `must be at most 100 characters (${what})` });
const oneOf = (what: string, values: readonly string[]) =>
  z
    .string({
      error: (i) => (i.input === undefined ? `is required (${what})` : `must be a string (${what})`),
    })
    .refine((v) => values.includes(v), {
      error: `must be one of ${values.join(", ")}`,
    });
/** `12/04/2017` (the seed's curl), `2017-04-12`, or an ISO 8601 timestamp (what the seed's web app sends). */
const date = (what: string) =>
  text(what).refine(
    (v) =>
      /^\d{2}\/\d{2}\/\d{4}$/.test(v) ||
      (/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(v) && !Number.isNaN(Date.parse(v))),
    {
      error: "must be a date like 12/04/2017, 2017-04-12 or 2017-04-12T00:00:00.000Z",
    },
  );

const schema = z
  .object({
    first_name: text("the traveller's first name"),
    last_name: text("the traveller's last name"),
    from_airport: oneOf("airport code", Object.keys(AIRPORTS)),
    to_airport: oneOf("airport code", Object.keys(AIRPORTS)),
    departure_date: date("departure date"),
    return_date: date("return date"),
    age_group: oneOf("age group", ["Adult", "Child", "Infant"]),
    booking_class: oneOf("booking class", Object.keys(CLASS_FACTORS)),
  })
  .refine((b) => b.from_airport !== b.to_airport, {
    error: "to_airport must differ from from_airport",
    path: ["to_airport"],
  });

export type BookingRequest = z.infer<typeof schema>;
export type Booking = BookingRequest & { readonly booking_number: string };

/** What the seed publishes and what POST /bookings answers. */
export interface BookingEvent {
  readonly booking_number: string;
  readonly from_airport: string;
  readonly to_airport: string;
  readonly departure_date: string;
}

export type Parsed =
  | { readonly ok: true; readonly value: BookingRequest }
  | { readonly ok: false; readonly message: string };

/** The request body (text, possibly base64) → a valid booking request, or what is wrong in the user's terms. */
export function parseBooking(body: string | null | undefined, base64: boolean): Parsed {
  if (body === null || body === undefined || body === "")
    return { ok: false, message: "The request body is empty: send a JSON object with the 8 booking fields." };
  const raw = base64 ? Buffer.from(body, "base64").toString("utf8") : body;
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES)
    return {
      ok: false,
      message: `The request body is ${Buffer.byteLength(raw)} bytes; a booking is at most ${MAX_BODY_BYTES} bytes.`,
    };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {
      ok: false,
      message: "The request body is not JSON: send a JSON object with the 8 booking fields.",
    };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || "body";
  return {
    ok: false,
    message:
      field === "body"
        ? "The request body must be a JSON object with the 8 booking fields."
        : `${field} ${issue?.message ?? "is invalid"}.`,
  };
}

/** A new booking number: 8 characters drawn uniformly from A-Z0-9 (crypto-random). */
export function newBookingNumber(): string {
  let out = "";
  for (let i = 0; i < 8; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function eventOf(booking: Booking): BookingEvent {
  return {
    booking_number: booking.booking_number,
    from_airport: booking.from_airport,
    to_airport: booking.to_airport,
    departure_date: booking.departure_date,
  };
}
