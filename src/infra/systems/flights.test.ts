import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { type SynthesizedApp, synthApp } from "../../../test/support/synth.js";
import { type Json, only, resources } from "../../../test/support/template.js";
import { FLIGHTS_CONTEXT, flightsConfigFromContext } from "./flights-config.js";

let sys: SynthesizedApp;
let booking: Template;
let airmiles: Template;

beforeAll(() => {
  sys = synthApp();
  booking = sys.template("FlightsBooking");
  airmiles = sys.template("FlightsAirmiles");
});

/** The booking topic's ARN, as the airmiles stack spells it (a literal of the booking account, no lookup). */
const namesBookingTopic = (value: unknown) =>
  JSON.stringify(value).includes(":sns:eu-central-1:444444444444:");

describe("the flights system as one stack per account", () => {
  it("puts booking and airmiles in their accounts, booking deployed first", () => {
    expect(sys.artifact("FlightsBooking").environment.account).toBe("444444444444");
    expect(sys.artifact("FlightsAirmiles").environment.account).toBe("555555555555");
    expect(sys.artifact("FlightsAirmiles").dependencies.map((d) => d.id)).toContain("FlightsBooking");
  });

  it("gives the booking topic the seed's policy (the airmiles account may only Subscribe and list) and TLS only", () => {
    const [, policy] = only(booking, "AWS::SNS::TopicPolicy");
    const statements = ((policy.Properties as Json).PolicyDocument as { Statement: Json[] }).Statement;
    const airmilesStatement = statements.find((s) => JSON.stringify(s.Principal).includes("555555555555"));
    expect([...((airmilesStatement?.Action ?? []) as string[])].sort()).toEqual([
      "sns:ListSubscriptionsByTopic",
      "sns:Subscribe",
    ]);
    expect(statements).toHaveLength(3);
    expect(statements.find((s) => s.Effect === "Deny")).toMatchObject({
      Principal: { AWS: "*" },
      Action: "sns:Publish",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("relays new bookings from the table's stream to the topic (the outbox), retrying and parking failures", () => {
    const [, table] = only(booking, "AWS::DynamoDB::GlobalTable");
    expect((table.Properties as Json).StreamSpecification).toEqual({ StreamViewType: "NEW_IMAGE" });
    const [, mapping] = only(booking, "AWS::Lambda::EventSourceMapping");
    expect(mapping.Properties).toMatchObject({
      StartingPosition: "TRIM_HORIZON",
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10000,
    });
  });

  it("subscribes the airmiles function from the airmiles account, invocable by that topic only, with a DLQ", () => {
    const [, subscription] = only(airmiles, "AWS::SNS::Subscription");
    expect((subscription.Properties as Json).Protocol).toBe("lambda");
    expect(namesBookingTopic((subscription.Properties as Json).TopicArn)).toBe(true);
    const permissions = resources(airmiles, "AWS::Lambda::Permission").filter(
      ([, r]) => (r.Properties as Json).Principal === "sns.amazonaws.com",
    );
    expect(permissions).toHaveLength(1);
    const permission = (permissions[0]?.[1].Properties ?? {}) as Json;
    expect(namesBookingTopic(permission.SourceArn)).toBe(true);
    expect(permission.SourceAccount).toBeUndefined();
    const [, invokeConfig] = only(airmiles, "AWS::Lambda::EventInvokeConfig");
    expect(invokeConfig.Properties).toMatchObject({ MaximumRetryAttempts: 2, Qualifier: "$LATEST" });
    const functions = resources(airmiles, "AWS::Lambda::Function").map(([, r]) => r.Properties as Json);
    expect(functions.some((f) => f.DeadLetterConfig !== undefined)).toBe(true);
  });
});

describe("flights configuration", () => {
  it("reads accounts from context and refuses placeholders for a deploy to AWS", () => {
    const context: Record<string, string> = { [FLIGHTS_CONTEXT.account("booking")]: "210987654321" };
    expect(flightsConfigFromContext((k) => context[k]).accounts.booking).toBe("210987654321");
    expect(() => flightsConfigFromContext((k) => ({ ...context, "accountmesh:target": "aws" })[k])).toThrow(
      /accountmesh:flights:airmilesAccount \(now 555555555555\)/,
    );
    expect(() =>
      flightsConfigFromContext((k) => ({ [FLIGHTS_CONTEXT.account("airmiles")]: "444444444444" })[k]),
    ).toThrow(/different accounts/);
  });
});
