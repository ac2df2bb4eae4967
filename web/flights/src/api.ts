// The two APIs the app calls, at the URLs the deployment wrote into /config.json (BucketDeployment's
// Source.jsonData with the API URLs resolved at deploy time; nothing is edited by hand).

export interface AppConfig {
  /** The booking API's stage URL, ending with `/` (e.g. `https://<id>.execute-api.<region>.amazonaws.com/Prod/`). */
  readonly bookingApiUrl: string;
  /** The airmiles API's stage URL, ending with `/`. */
  readonly airmilesApiUrl: string;
}

export interface BookingRequest {
  readonly first_name: string;
  readonly last_name: string;
  readonly from_airport: string;
  readonly to_airport: string;
  readonly departure_date: string;
  readonly return_date: string;
  readonly age_group: string;
  readonly booking_class: string;
}

export interface Booking extends BookingRequest {
  readonly booking_number: string;
}

const withSlash = (url: string) => (url.endsWith("/") ? url : `${url}/`);

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = (await response.json()) as AppConfig;
  return { bookingApiUrl: withSlash(config.bookingApiUrl), airmilesApiUrl: withSlash(config.airmilesApiUrl) };
}

async function json<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as T & { message?: string };
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  return body;
}

/** POST bookings: the booking event `{booking_number, from_airport, to_airport, departure_date}`. */
export async function createBooking(
  config: AppConfig,
  booking: BookingRequest,
): Promise<{ booking_number: string }> {
  const response = await fetch(`${config.bookingApiUrl}bookings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(booking),
  });
  return json(response);
}

/** Pages of GET bookings the table reads at most (the API answers a page at a time). */
const MAX_PAGES = 20;

/**
 * GET bookings: the bare array of bookings, every page of it. A page is followed by the next while the
 * API answers an `X-Next-Token` header (as the orders API pages; readable when the API exposes it
 * to the browser through CORS), passed back as `?nextToken=`.
 */
export async function listBookings(config: AppConfig): Promise<Booking[]> {
  const bookings: Booking[] = [];
  let token: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: string = token === null ? "" : `?nextToken=${encodeURIComponent(token)}`;
    const response: Response = await fetch(`${config.bookingApiUrl}bookings${query}`);
    bookings.push(...(await json<Booking[]>(response)));
    token = response.headers.get("x-next-token");
    if (token === null || token === "") break;
  }
  return bookings;
}

/** GET airmiles/{id}: the airmiles as a string, or undefined while none are recorded. */
export async function airmilesOf(config: AppConfig, bookingNumber: string): Promise<string | undefined> {
  const body = await json<{ data?: { airmiles?: string } }>(
    await fetch(`${config.airmilesApiUrl}airmiles/${encodeURIComponent(bookingNumber)}`),
  );
  return body.data?.airmiles;
}
