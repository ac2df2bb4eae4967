// The seed's three curl commands (seeds/000, "Test Microservices"), argument by argument, verbatim:
// the scenarios add only `-x <entry point>` in front, as a client inside the consumer VPC.
export const SEED_ORDER_TEA: readonly string[] = [
  "-k",
  "-X",
  "POST",
  "https://beverage.cross-account-microservices.com/v1/orders",
  "-H",
  "Content-Type: application/json",
  "-d",
  '{"fullName":"Max Mustermann", "beverage":"tea"}',
];

export const SEED_ORDER_HAMBURGER: readonly string[] = [
  "-k",
  "-X",
  "POST",
  "https://food.cross-account-microservices.com/v1/orders",
  "-H",
  "Content-Type: application/json",
  "-d",
  '{"fullName":"Max Mustermann", "food":"hamburger"}',
];

/** The third command, with ORDERID replaced by the id the hamburger order returned. */
export function seedGetFoodOrder(orderId: string): string[] {
  return [
    "-k",
    "-X",
    "GET",
    `https://food.cross-account-microservices.com/v1/orders/${orderId}`,
    "-H",
    "Content-Type: application/json",
  ];
}
