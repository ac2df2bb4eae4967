import type { App } from "aws-cdk-lib";
import { PROD_STAGE } from "../constructs/public-json-api.js";
import { FlightsAirmilesStack } from "../stacks/flights-airmiles-stack.js";
import { FlightsBookingStack } from "../stacks/flights-booking-stack.js";
import { FlightsWebStack } from "../stacks/flights-web-stack.js";
import type { FlightsSystemConfig } from "./flights-config.js";

export interface FlightsSystem {
  readonly booking: FlightsBookingStack;
  readonly airmiles: FlightsAirmilesStack;
  /** The web app (web account): private bucket + CloudFront, its config.json naming both APIs. */
  readonly web: FlightsWebStack;
  /** The booking API's base URL (a token of the booking stack: pass it on as a weak reference). */
  readonly bookingApiUrl: string;
  /** The airmiles API's base URL (a token of the airmiles stack). */
  readonly airmilesApiUrl: string;
}

/**
 * The flights reference system (seed 002), booking, airmiles and web accounts: the airmiles stack
 * reads the booking topic's ARN, and the web stack both APIs' URLs, as weak cross-account references
 * (`Fn::GetStackOutput`), so booking deploys first and web last.
 */
export function buildFlightsSystem(app: App, config: FlightsSystemConfig): FlightsSystem {
  const common = { availabilityZones: [`${config.region}a`, `${config.region}b`] };
  const booking = new FlightsBookingStack(app, "FlightsBooking", {
    ...common,
    env: { account: config.accounts.booking, region: config.region },
    description: `${config.applicationName}: booking service (public REST API, table, topic, outbox)`,
    applicationName: config.applicationName,
    airmilesAccount: config.accounts.airmiles,
  });
  const airmiles = new FlightsAirmilesStack(app, "FlightsAirmiles", {
    ...common,
    env: { account: config.accounts.airmiles, region: config.region },
    description: `${config.applicationName}: airmiles service (subscription to the booking topic, table, REST API)`,
    applicationName: config.applicationName,
    bookingTopicArn: booking.topic.topicArn,
  });
  airmiles.addStackDependency(booking, "subscribes to the booking topic (Fn::GetStackOutput)");
  const web = new FlightsWebStack(app, "FlightsWeb", {
    ...common,
    env: { account: config.accounts.web, region: config.region },
    description: `${config.applicationName}: web app (private S3 bucket behind CloudFront)`,
    // The web app appends `bookings` and `airmiles/<id>`: it needs the stage URLs, not the seed's bases.
    bookingApiUrl: `${booking.bookingApiUrl}/${PROD_STAGE}/`,
    airmilesApiUrl: `${airmiles.airmilesApiUrl}/${PROD_STAGE}/`,
  });
  web.addStackDependency(booking, "its config.json names the booking API (Fn::GetStackOutput)");
  web.addStackDependency(airmiles, "its config.json names the airmiles API (Fn::GetStackOutput)");
  return {
    booking,
    airmiles,
    web,
    bookingApiUrl: booking.bookingApiUrl,
    airmilesApiUrl: airmiles.airmilesApiUrl,
  };
}
