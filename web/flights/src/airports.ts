// The seed's airports, each with its own code as key and label (the original keyed San Francisco
// as `SAN` with the label "SFO") and each with a background image (the original had none for
// Melbourne). Coordinates are the airports' (degrees), for the great-circle distance airmiles use.

export interface Airport {
  readonly code: string;
  readonly city: string;
  readonly latitude: number;
  readonly longitude: number;
}

export const AIRPORTS: readonly Airport[] = [
  { code: "DEL", city: "New Delhi", latitude: 28.5562, longitude: 77.1 },
  { code: "MEL", city: "Melbourne", latitude: -37.6733, longitude: 144.8433 },
  { code: "SYD", city: "Sydney", latitude: -33.9461, longitude: 151.1772 },
  { code: "SFO", city: "San Francisco", latitude: 37.6213, longitude: -122.379 },
  { code: "JFK", city: "New York", latitude: 40.6413, longitude: -73.7781 },
  { code: "LAX", city: "Los Angeles", latitude: 33.9416, longitude: -118.4085 },
];

export const BOOKING_CLASSES = ["Economy", "Premium Economy", "Business", "First Class"] as const;
export const AGE_GROUPS = ["Adult", "Child", "Infant"] as const;

/** `New Delhi (DEL)`. */
export const airportLabel = (airport: Airport): string => `${airport.city} (${airport.code})`;

/** The destination's background image, served beside the app. */
export const airportImage = (code: string): string => `/img/${code.toLowerCase()}.svg`;
