// The seed README's curl commands (aws-cross-account-serverless-microservices, "Test the
// microservices"), argument by argument, with the API base URLs the stacks output: create a booking,
// list the bookings, read a booking's airmiles. The scenarios add only `-x <entry point>` in front.
export const SEED_BOOKING = {
  first_name: "Michael",
  last_name: "Surname",
  from_airport: "DEL",
  to_airport: "MEL",
  departure_date: "12/04/2017",
  return_date: "21/04/2017",
  age_group: "Adult",
  booking_class: "Economy",
} as const;

export function seedCreateBooking(bookingApi: string, body: object = SEED_BOOKING): string[] {
  return [
    "-k",
    "-H",
    "Content-Type: application/json",
    "-X",
    "POST",
    "-d",
    JSON.stringify(body),
    `${bookingApi}/Prod/bookings`,
  ];
}

export function seedListBookings(bookingApi: string): string[] {
  return ["-k", `${bookingApi}/Prod/bookings`];
}

export function seedGetAirmiles(airmilesApi: string, bookingNumber: string): string[] {
  return ["-k", `${airmilesApi}/Prod/airmiles/${bookingNumber}`];
}
