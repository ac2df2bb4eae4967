import { Tags } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { PROD_STAGE } from "../constructs/public-json-api.js";
import { FlightsAirmilesStack } from "../stacks/flights-airmiles-stack.js";
import { FlightsBookingStack } from "../stacks/flights-booking-stack.js";
import { FlightsPipelineStack, type PipelineSource } from "../stacks/flights-pipeline-stack.js";
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
 * (`Fn::GetStackOutput`), so booking deploys first and web last. `scope` is the App (the stacks run
 * locally and deploy as `FlightsBooking`, ...) or a Stage of the pipeline (the same stacks, deployed by
 * the pipeline as `<stage>-FlightsBooking`, ...; a weak reference names the producer's stack name, so
 * it stays inside the stage). Every stack has an explicit account and region from `config`.
 */
export function buildFlightsSystem(scope: Construct, config: FlightsSystemConfig): FlightsSystem {
  const common = { availabilityZones: [`${config.region}a`, `${config.region}b`] };
  const booking = new FlightsBookingStack(scope, "FlightsBooking", {
    ...common,
    env: { account: config.accounts.booking, region: config.region },
    description: `${config.applicationName}: booking service (public REST API, table, topic, outbox)`,
    applicationName: config.applicationName,
    airmilesAccount: config.accounts.airmiles,
  });
  const airmiles = new FlightsAirmilesStack(scope, "FlightsAirmiles", {
    ...common,
    env: { account: config.accounts.airmiles, region: config.region },
    description: `${config.applicationName}: airmiles service (subscription to the booking topic, table, REST API)`,
    applicationName: config.applicationName,
    bookingTopicArn: booking.topic.topicArn,
  });
  airmiles.addStackDependency(booking, "subscribes to the booking topic (Fn::GetStackOutput)");
  const web = new FlightsWebStack(scope, "FlightsWeb", {
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

/** The stage the pipeline deploys: the system's three stacks, as `Prod-FlightsBooking`, ... */
export const FLIGHTS_PIPELINE_STAGE = "Prod";

/**
 * The flights pipeline (tools account, stack `FlightsPipeline`, seed 002's challenge 1): CDK Pipelines
 * deploying one stage, {@link FLIGHTS_PIPELINE_STAGE}, that holds {@link buildFlightsSystem}'s three
 * stacks in the same accounts and region as `config` (the target accounts are bootstrapped with
 * `cdk bootstrap --trust <tools account>`). `synthContext` is what the pipeline's own `cdk synth`
 * passes with `-c` (see `pipelineSynthContext`). Every stack is tagged `accountmesh:system=flights`.
 */
export function buildFlightsPipeline(
  scope: Construct,
  config: FlightsSystemConfig,
  source: PipelineSource,
  synthContext: Readonly<Record<string, string>>,
): FlightsPipelineStack {
  const pipeline = new FlightsPipelineStack(scope, "FlightsPipeline", {
    env: { account: config.accounts.tools, region: config.region },
    description: `${config.applicationName}: the pipeline deploying the booking, airmiles and web stacks to their accounts`,
    source,
    synthContext,
    stages: [
      {
        name: FLIGHTS_PIPELINE_STAGE,
        build(stage) {
          buildFlightsSystem(stage, config);
          Tags.of(stage).add("accountmesh:system", "flights");
        },
      },
    ],
  });
  Tags.of(pipeline).add("accountmesh:system", "flights");
  return pipeline;
}
