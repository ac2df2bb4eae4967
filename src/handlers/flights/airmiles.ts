// Airmiles from the route, pure: the great-circle distance between the seed's airports (haversine on
// a sphere of radius 3958.8 statute miles, airport coordinates from their published reference
// points) times a factor per booking class. The seed drew a random number (50-1000) instead; this is
// deterministic, so a redelivered event computes the same value.

/** The airports the seed's web app offers (SFO fixed: the seed keyed it `SAN`), latitude/longitude in degrees. */
export const AIRPORTS: Readonly<
  Record<string, { readonly name: string; readonly lat: number; readonly lon: number }>
> = {
  DEL: { name: "New Delhi", lat: 28.5562, lon: 77.1 },
  MEL: { name: "Melbourne", lat: -37.6733, lon: 144.8433 },
  SYD: { name: "Sydney", lat: -33.9461, lon: 151.1772 },
  SFO: { name: "San Francisco", lat: 37.6189, lon: -122.375 },
  SAN: { name: "San Diego", lat: 32.7336, lon: -117.1897 },
  JFK: { name: "New York", lat: 40.6398, lon: -73.7789 },
  LAX: { name: "Los Angeles", lat: 33.9425, lon: -118.4081 },
};

/** The seed's booking classes and how many airmiles per mile flown each earns. */
export const CLASS_FACTORS: Readonly<Record<string, number>> = {
  Economy: 1,
  "Premium Economy": 1.25,
  Business: 1.5,
  "First Class": 2,
};

const EARTH_RADIUS_MILES = 3958.8;

/** Great-circle distance in statute miles between two airports of AIRPORTS (throws on an unknown code). */
export function greatCircleMiles(from: string, to: string): number {
  const a = AIRPORTS[from];
  const b = AIRPORTS[to];
  if (a === undefined || b === undefined) throw new Error(`unknown airport ${a === undefined ? from : to}`);
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.sqrt(h));
}

/** Airmiles of a route in a class, a whole number (the class of an unknown name counts as Economy). */
export function airmilesFor(from: string, to: string, bookingClass: string | undefined): number {
  const factor = CLASS_FACTORS[bookingClass ?? ""] ?? 1;
  return Math.round(greatCircleMiles(from, to) * factor);
}
