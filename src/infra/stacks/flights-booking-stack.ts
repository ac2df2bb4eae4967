import { CfnOutput, Duration, PhysicalName, RemovalPolicy } from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigateway";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { NodeFunction } from "../constructs/node-function.js";
import { PublicJsonApi } from "../constructs/public-json-api.js";
import { acknowledge } from "../nag.js";
import { AccountStack, type AccountStackProps } from "./account-stack.js";

export interface FlightsBookingStackProps extends AccountStackProps {
  readonly applicationName: string;
  /** The airmiles account: the topic policy lets it Subscribe and ListSubscriptionsByTopic, nothing else. */
  readonly airmilesAccount: string;
}

/**
 * The booking account (seed 002's `booking-lambda`): the public REST API (`POST`/`GET /Prod/bookings`),
 * the bookings table and the booking topic with the seed's topic policy. Events leave through a
 * transactional outbox: the table's stream (NEW_IMAGE) feeds the publisher function, which publishes
 * each new booking with MessageStructure json; a booking write is the event's only source, so a crash
 * between the write and the publish loses nothing (docs/decisions.md §13).
 */
export class FlightsBookingStack extends AccountStack {
  readonly table: dynamodb.TableV2;
  readonly topic: sns.Topic;
  readonly api: PublicJsonApi;
  /** `https://<api-id>.execute-api.<region>.amazonaws.com` (the seed's BookingAPI output; add `/Prod/bookings`). */
  readonly bookingApiUrl: string;

  constructor(scope: Construct, id: string, props: FlightsBookingStackProps) {
    super(scope, id, props);
    const name = `${props.applicationName}-booking`;
    this.table = new dynamodb.TableV2(this, "Bookings", {
      partitionKey: { name: "booking_number", type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.topic = new sns.Topic(this, "BookingTopic", {
      displayName: "Flight bookings",
      // Read by the airmiles account: CDK names it at synth so the ARN can cross accounts.
      topicName: PhysicalName.GENERATE_IF_NEEDED,
    });
    new sns.TopicPolicy(this, "BookingTopicPolicy", {
      topics: [this.topic],
      policyDocument: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: "BookingTopicPolicy-stmt1",
            principals: [new iam.AccountRootPrincipal()],
            actions: [
              "sns:Publish",
              "sns:RemovePermission",
              "sns:SetTopicAttributes",
              "sns:DeleteTopic",
              "sns:ListSubscriptionsByTopic",
              "sns:GetTopicAttributes",
              "sns:Receive",
              "sns:AddPermission",
              "sns:Subscribe",
            ],
            resources: [this.topic.topicArn],
          }),
          new iam.PolicyStatement({
            sid: "BookingTopicPolicy-stmt2",
            principals: [new iam.AccountPrincipal(props.airmilesAccount)],
            actions: ["sns:Subscribe", "sns:ListSubscriptionsByTopic"],
            resources: [this.topic.topicArn],
          }),
          // What `enforceSSL` adds (cdk-nag SNS3): the seed's statements stay as they are.
          new iam.PolicyStatement({
            sid: "AllowPublishThroughSSLOnly",
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ["sns:Publish"],
            resources: [this.topic.topicArn],
            conditions: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ],
      }),
    });

    const env = { BOOKING_TABLE_NAME: this.table.tableName };
    const postBooking = new NodeFunction(this, "PostBookingFunction", {
      functionName: `${name}-post-booking`,
      handlerPath: "flights/post-booking.ts",
      environment: env,
    });
    this.table.grant(postBooking, "dynamodb:PutItem");
    const listBookings = new NodeFunction(this, "ListBookingsFunction", {
      functionName: `${name}-list-bookings`,
      handlerPath: "flights/get-bookings.ts",
      environment: env,
    });
    this.table.grant(listBookings, "dynamodb:Scan");

    const outboxFailures = new sqs.Queue(this, "OutboxFailures", {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
    });
    const publisher = new NodeFunction(this, "PublishBookingsFunction", {
      functionName: `${name}-publish-bookings`,
      handlerPath: "flights/publish-bookings.ts",
      environment: { BOOKING_TOPIC_ARN: this.topic.topicArn },
    });
    this.topic.grantPublish(publisher);
    publisher.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        retryAttempts: 10_000,
        onFailure: new SqsDlq(outboxFailures),
      }),
    );

    this.api = new PublicJsonApi(this, "BookingApi", {
      restApiName: `${name}-api`,
      description: "Flight bookings (seed 002's BookingApi)",
      corsMethods: ["POST", "GET", "OPTIONS"],
    });
    const bookings = this.api.api.root.addResource("bookings");
    bookings.addMethod("POST", new apigw.LambdaIntegration(postBooking), { operationName: "createBooking" });
    bookings.addMethod("GET", new apigw.LambdaIntegration(listBookings), { operationName: "listBookings" });
    this.bookingApiUrl = this.api.baseUrl;

    new CfnOutput(this, "BookingAPI", {
      value: this.bookingApiUrl,
      description: "Booking API base URL (append /Prod/bookings)",
    });
    new CfnOutput(this, "BookingTopicArn", { value: this.topic.topicArn });
    new CfnOutput(this, "OutboxFailuresQueueUrl", {
      value: outboxFailures.queueUrl,
      description: "Stream batches the publisher gave up on (after 10000 retries)",
    });

    acknowledge(
      this.topic,
      "AwsSolutions-SNS2",
      "Booking events carry the route and date only (names stay in the booking table); SSE-KMS with a customer key would need a key policy for the airmiles account's deliveries, which the seed does not have.",
    );
    acknowledge(
      outboxFailures,
      "AwsSolutions-SQS3",
      "This queue is itself the dead-letter destination of the outbox's event source mapping.",
    );
  }
}
