// The flights web stack (web account) against a small booking + airmiles REST API in another account,
// wired by a real cross-account weak reference (`Fn::GetStackOutput`): the web app's config.json is
// resolved from the API stack's output at deploy time. The API is a stand-in for the booking and
// airmiles stacks (one Lambda, two tables, the seed's routes and shapes, CORS `*`), so the web stack
// and the browser test run before those stacks are merged; airmiles here are written with the
// booking (the real ones arrive asynchronously over SNS, which the app polls for).
import { type App, CfnOutput, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { AwsSolutionsChecks } from "cdk-nag";
import { acknowledge } from "../../src/infra/nag.js";
import { FlightsWebStack } from "../../src/infra/stacks/flights-web-stack.js";

export const FLIGHTS_WEB = {
  region: "eu-west-1",
  apiAccount: "444444444444",
  webAccount: "666666666666",
  apiStack: "FlightsFixtureApi",
  webStack: "FlightsWeb",
  apiName: "flights-fixture-api",
} as const;

const HANDLER = `
const { DynamoDBClient, PutItemCommand, ScanCommand, GetItemCommand } = require("@aws-sdk/client-dynamodb");
const db = new DynamoDBClient({});
const FIELDS = ["first_name", "last_name", "from_airport", "to_airport", "departure_date", "return_date", "age_group", "booking_class"];
const answer = (statusCode, body) => ({ statusCode, headers: { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" }, body: JSON.stringify(body) });
const plain = (item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.S]));
exports.handler = async (event) => {
  if (event.resource === "/bookings" && event.httpMethod === "POST") {
    let booking;
    try { booking = JSON.parse(event.body ?? ""); } catch { return answer(400, { message: "body is not JSON" }); }
    const missing = FIELDS.filter((f) => typeof booking?.[f] !== "string" || booking[f] === "");
    if (missing.length > 0) return answer(400, { message: "missing " + missing.join(", ") });
    const booking_number = Array.from({ length: 8 }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[Math.floor(Math.random() * 36)]).join("");
    const item = { booking_number, ...Object.fromEntries(FIELDS.map((f) => [f, booking[f]])) };
    await db.send(new PutItemCommand({ TableName: process.env.BOOKINGS, Item: Object.fromEntries(Object.entries(item).map(([k, v]) => [k, { S: v }])) }));
    const miles = String(100 + ([...(booking.from_airport + booking.to_airport + booking.booking_class)].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 100003, 7) % 900));
    await db.send(new PutItemCommand({ TableName: process.env.AIRMILES, Item: { booking_number: { S: booking_number }, airmiles: { S: miles } } }));
    return answer(200, { booking_number, from_airport: booking.from_airport, to_airport: booking.to_airport, departure_date: booking.departure_date });
  }
  if (event.resource === "/bookings") {
    // Pages of 2, the next one named by an X-Next-Token header (exposed to browsers), as orders pages.
    const token = event.queryStringParameters?.nextToken;
    const page = await db.send(new ScanCommand({ TableName: process.env.BOOKINGS, Limit: 2, ...(token ? { ExclusiveStartKey: JSON.parse(Buffer.from(token, "base64url").toString()) } : {}) }));
    const next = page.LastEvaluatedKey === undefined ? {} : { "X-Next-Token": Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString("base64url"), "Access-Control-Expose-Headers": "X-Next-Token" };
    const response = answer(200, (page.Items ?? []).map(plain));
    return { ...response, headers: { ...response.headers, ...next } };
  }
  const found = await db.send(new GetItemCommand({ TableName: process.env.AIRMILES, Key: { booking_number: { S: event.pathParameters.bookingid } } }));
  return answer(200, { data: found.Item === undefined ? {} : plain(found.Item) });
};`;

/** The fixture API stack and the web stack; cdk-nag runs on the web stack (ours), not on the stand-in. */
export function buildFlightsWebApp(app: App): { api: apigateway.RestApi; web: FlightsWebStack } {
  const apiStack = new Stack(app, FLIGHTS_WEB.apiStack, {
    env: { account: FLIGHTS_WEB.apiAccount, region: FLIGHTS_WEB.region },
  });
  const table = (id: string) =>
    new dynamodb.Table(apiStack, id, {
      partitionKey: { name: "booking_number", type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  const bookings = table("Bookings");
  const airmiles = table("Airmiles");
  const handler = new lambda.Function(apiStack, "Handler", {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: lambda.Code.fromInline(HANDLER),
    environment: { BOOKINGS: bookings.tableName, AIRMILES: airmiles.tableName },
  });
  bookings.grantReadWriteData(handler);
  airmiles.grantReadWriteData(handler);
  const api = new apigateway.RestApi(apiStack, "Api", {
    restApiName: FLIGHTS_WEB.apiName,
    deployOptions: { stageName: "Prod" },
    endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
    cloudWatchRole: false,
    defaultCorsPreflightOptions: { allowOrigins: apigateway.Cors.ALL_ORIGINS },
  });
  const integration = new apigateway.LambdaIntegration(handler);
  const resource = api.root.addResource("bookings");
  resource.addMethod("GET", integration);
  resource.addMethod("POST", integration);
  api.root.addResource("airmiles").addResource("{bookingid}").addMethod("GET", integration);
  new CfnOutput(apiStack, "ApiUrl", { value: api.url });
  for (const rule of ["APIG1", "APIG2", "APIG3", "APIG4", "APIG6", "COG4", "L1", "DDB3"]) {
    acknowledge(
      apiStack,
      `AwsSolutions-${rule}`,
      "A test stand-in for the booking and airmiles stacks, never deployed.",
    );
  }
  acknowledge(apiStack, "AwsSolutions-IAM4", "A test stand-in, never deployed.", [
    "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
  ]);
  const web = new FlightsWebStack(app, FLIGHTS_WEB.webStack, {
    env: { account: FLIGHTS_WEB.webAccount, region: FLIGHTS_WEB.region },
    bookingApiUrl: api.url,
    airmilesApiUrl: api.url,
  });
  Validations.of(web).addPlugins(new AwsSolutionsChecks(web, { verbose: true }));
  return { api, web };
}
