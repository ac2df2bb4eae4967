import { beforeAll, describe, expect, it } from "vitest";
import type { LocalRequest } from "../../../http/http-types.js";
import {
  type PlatformUnderTest,
  platformUnderTest,
  testStack,
} from "../../../runtime/platform.test-support.js";
import { lambdaPlugin } from "../lambda/lambda-plugin.js";
import { apiGatewayPlugin } from "./apigateway-plugin.js";

const ACCOUNT = "666666666666";
const stack = testStack(ACCOUNT, "Public");
const lines: string[] = [];
let world: PlatformUnderTest;
let apiId: string;

const request = (host: string, path: string): LocalRequest => ({
  method: "GET",
  url: path,
  headers: { host: [host] },
  body: Buffer.alloc(0),
  protocol: "https",
  source: { sourceIp: "198.51.100.10", via: ["internet"] },
});

beforeAll(async () => {
  world = await platformUnderTest([apiGatewayPlugin, lambdaPlugin], [stack], (line) => lines.push(line));
  const api = await world.create(stack, "Api", "AWS::ApiGateway::RestApi", {
    Name: "public",
    EndpointConfiguration: { Types: ["REGIONAL"] },
  });
  apiId = api.ref;
  const method = await world.create(stack, "Get", "AWS::ApiGateway::Method", {
    RestApiId: api.ref,
    ResourceId: String(api.attributes?.RootResourceId),
    HttpMethod: "GET",
    AuthorizationType: "NONE",
    Integration: {
      Type: "AWS_PROXY",
      IntegrationHttpMethod: "POST",
      Uri: `arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:${ACCOUNT}:function:gone/invocations`,
    },
  });
  const deployment = await world.create(stack, "Deployment", "AWS::ApiGateway::Deployment", {
    RestApiId: api.ref,
    Description: method.ref,
  });
  await world.create(stack, "Stage", "AWS::ApiGateway::Stage", {
    RestApiId: api.ref,
    DeploymentId: deployment.ref,
    StageName: "prod",
  });
  await world.ready();
});

describe("the API Gateway plugin", () => {
  it("serves public execute-api names of the assembly's regions", () => {
    const door = world.platform.frontDoors.publicDoorFor(`${apiId}.execute-api.eu-central-1.amazonaws.com`);
    expect(door?.tlsNames).toEqual(["*.execute-api.eu-central-1.amazonaws.com"]);
    expect(
      world.platform.frontDoors.publicDoorFor(`${apiId}.execute-api.us-east-1.amazonaws.com`),
    ).toBeUndefined();
    expect(world.platform.frontDoors.endpointService("com.amazonaws.eu-central-1.execute-api")).toBeDefined();
  });

  it("logs every 5xx it produces with the request id and the cause, and tells the client only AWS's words", async () => {
    const door = world.platform.frontDoors.publicDoorFor(`${apiId}.execute-api.eu-central-1.amazonaws.com`);
    const response = await door?.handler(request(`${apiId}.execute-api.eu-central-1.amazonaws.com`, "/prod"));
    expect(response?.status).toBe(500);
    expect(response?.body).toBe('{"message": "Internal server error"}');
    const requestId = String(response?.headers["x-amzn-requestid"]);
    expect(lines).toContainEqual(
      `error: API Gateway ${apiId} answered 500 (request ${requestId}, step integrate): Execution failed due to configuration error: Invalid Lambda function arn:aws:lambda:eu-central-1:${ACCOUNT}:function:gone`,
    );
  });

  it("does not log a 4xx", async () => {
    const door = world.platform.frontDoors.publicDoorFor(`${apiId}.execute-api.eu-central-1.amazonaws.com`);
    const before = lines.length;
    const response = await door?.handler(
      request(`${apiId}.execute-api.eu-central-1.amazonaws.com`, "/nostage"),
    );
    expect(response?.status).toBe(403);
    expect(lines.length).toBe(before);
  });
});
