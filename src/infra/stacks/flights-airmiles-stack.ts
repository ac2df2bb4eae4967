import { CfnOutput, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigateway";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { NodeFunction } from "../constructs/node-function.js";
import { PublicJsonApi } from "../constructs/public-json-api.js";
import { acknowledge } from "../nag.js";
import { AccountStack, type AccountStackProps } from "./account-stack.js";

export interface FlightsAirmilesStackProps extends AccountStackProps {
  readonly applicationName: string;
  /** The booking topic's ARN, by weak cross-account reference (replaces the seed's export-lookup custom resource). */
  readonly bookingTopicArn: string;
}

/**
 * The airmiles account (seed 002's `airmiles-lambda`): its function subscribed to the booking topic
 * from this account (the subscription lives here, as CDK and SAM put it), allowed to be invoked by
 * SNS for that topic only (SourceArn), retried as Lambda's asynchronous invocation does and parked in
 * a dead-letter queue after that; the airmiles table and `GET /Prod/airmiles/{bookingid}`.
 */
export class FlightsAirmilesStack extends AccountStack {
  readonly table: dynamodb.TableV2;
  readonly deadLetterQueue: sqs.Queue;
  readonly api: PublicJsonApi;
  /** `https://<api-id>.execute-api.<region>.amazonaws.com` (the seed's AirmileAPI output; add `/Prod/airmiles/<id>`). */
  readonly airmilesApiUrl: string;

  constructor(scope: Construct, id: string, props: FlightsAirmilesStackProps) {
    super(scope, id, props);
    const name = `${props.applicationName}-airmiles`;
    this.table = new dynamodb.TableV2(this, "Airmiles", {
      partitionKey: { name: "booking_number", type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deadLetterQueue = new sqs.Queue(this, "AirmilesDeadLetters", {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
    });
    const env = { AIRMILES_TABLE_NAME: this.table.tableName };
    const postAirmiles = new NodeFunction(this, "PostAirmilesFunction", {
      functionName: `${name}-post-airmiles`,
      handlerPath: "flights/post-airmiles.ts",
      environment: env,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    this.table.grant(postAirmiles, "dynamodb:PutItem");
    postAirmiles.addPermission("BookingTopicInvoke", {
      principal: new iam.ServicePrincipal("sns.amazonaws.com"),
      action: "lambda:InvokeFunction",
      sourceArn: props.bookingTopicArn,
    });
    new sns.Subscription(this, "BookingSubscription", {
      topic: sns.Topic.fromTopicArn(this, "BookingTopic", props.bookingTopicArn),
      protocol: sns.SubscriptionProtocol.LAMBDA,
      endpoint: postAirmiles.functionArn,
    });
    const getAirmiles = new NodeFunction(this, "GetAirmilesFunction", {
      functionName: `${name}-get-airmiles`,
      handlerPath: "flights/get-airmiles.ts",
      environment: env,
    });
    this.table.grant(getAirmiles, "dynamodb:GetItem");

    this.api = new PublicJsonApi(this, "AirmilesApi", {
      restApiName: `${name}-api`,
      description: "Airmiles of flight bookings (seed 002's MilagesApi)",
      corsMethods: ["GET", "OPTIONS"],
    });
    this.api.api.root
      .addResource("airmiles")
      .addResource("{bookingid}")
      .addMethod("GET", new apigw.LambdaIntegration(getAirmiles as lambda.IFunction), {
        operationName: "getAirmiles",
      });
    this.airmilesApiUrl = this.api.baseUrl;

    new CfnOutput(this, "AirmileAPI", {
      value: this.airmilesApiUrl,
      description: "Airmiles API base URL (append /Prod/airmiles/<booking number>)",
    });
    new CfnOutput(this, "DeadLetterQueueUrl", {
      value: this.deadLetterQueue.queueUrl,
      description: "Booking events the airmiles function failed on after Lambda's retries",
    });
    acknowledge(
      this.deadLetterQueue,
      "AwsSolutions-SQS3",
      "This queue is itself the airmiles function's dead-letter queue.",
    );
  }
}
