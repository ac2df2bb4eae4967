import type { App } from "aws-cdk-lib";
import { FlightsAirmilesStack } from "../stacks/flights-airmiles-stack.js";
import { FlightsBookingStack } from "../stacks/flights-booking-stack.js";
import type { FlightsSystemConfig } from "./flights-config.js";

export interface FlightsSystem {
  readonly booking: FlightsBookingStack;
  readonly airmiles: FlightsAirmilesStack;
  /** The booking API's base URL (a token of the booking stack: pass it on as a weak reference). */
  readonly bookingApiUrl: string;
  /** The airmiles API's base URL (a token of the airmiles stack). */
  readonly airmilesApiUrl: string;
}

/**
 * The flights reference system (seed 002), booking and airmiles accounts: the airmiles stack reads
 * the booking topic's ARN as a weak cross-account reference (`Fn::GetStackOutput`), so the booking
 * stack deploys first. The web and pipeline stacks (web and tools accounts) are added beside these
 * from the same config, wired to `bookingApiUrl` / `airmilesApiUrl`.
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
  return { booking, airmiles, bookingApiUrl: booking.bookingApiUrl, airmilesApiUrl: airmiles.airmilesApiUrl };
}
