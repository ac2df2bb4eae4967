import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonCall } from "../../../../../test/support/aws-signing.js";
import { type ServedHandler, serveLocalHandler } from "../../../../../test/support/serve-local-handler.js";
import type { AwsCredentials } from "../../../iam/types.js";
import {
  type PlatformUnderTest,
  platformUnderTest,
  testStack,
} from "../../../runtime/platform.test-support.js";
import { createAwsEndpoint } from "../../aws-endpoint.js";
import { ServiceRegistry } from "../../service-registry.js";
import { iamPlugin } from "../iam/iam-plugin.js";
import { ssmPlugin } from "./ssm-plugin.js";

const ACCOUNT = "444444444444";
const OTHER = "555555555555";
const stack = testStack(ACCOUNT, "Config");
const other = testStack(OTHER, "Other");
let world: PlatformUnderTest;
let served: ServedHandler;
let reader: AwsCredentials;
let stranger: AwsCredentials;

const trust = {
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

beforeAll(async () => {
  world = await platformUnderTest([iamPlugin, ssmPlugin], [stack, other]);
  await world.create(stack, "TableName", "AWS::SSM::Parameter", {
    Name: "/orders/table-name",
    Type: "String",
    Value: "orders-v2",
  });
  await world.create(stack, "Generated", "AWS::SSM::Parameter", { Type: "StringList", Value: "a,b" });
  const role = await world.create(stack, "Reader", "AWS::IAM::Role", {
    AssumeRolePolicyDocument: trust,
    Policies: [
      {
        PolicyName: "read",
        PolicyDocument: {
          Statement: [
            {
              Effect: "Allow",
              Action: "ssm:GetParameter",
              Resource: `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/orders/*`,
            },
          ],
        },
      },
    ],
  });
  const strangerRole = await world.create(stack, "Stranger", "AWS::IAM::Role", {
    AssumeRolePolicyDocument: trust,
  });
  reader = world.platform.credentials.forRole(String(role.attributes?.Arn));
  stranger = world.platform.credentials.forRole(String(strangerRole.attributes?.Arn));
  const services = new ServiceRegistry(world.parts.flatMap((p) => (p.api === undefined ? [] : [p.api])));
  served = await serveLocalHandler(createAwsEndpoint({ callers: world.platform.credentials, services }));
});

afterAll(async () => {
  await served?.close();
  await world?.stop();
});

const getParameter = (credentials: AwsCredentials, name: string) =>
  jsonCall(served.url, credentials, "ssm", "AmazonSSM.GetParameter", { Name: name });

describe("SSM Parameter Store (the plugin added as docs/extending.md's example)", () => {
  it("returns a template's parameter to a role its identity policy allows, by name or ARN", async () => {
    const byName = await getParameter(reader, "/orders/table-name");
    expect(byName.status).toBe(200);
    expect(JSON.parse(byName.text).Parameter).toMatchObject({
      Name: "/orders/table-name",
      Type: "String",
      Value: "orders-v2",
      Version: 1,
      ARN: `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/orders/table-name`,
    });
    const byArn = await getParameter(
      reader,
      `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/orders/table-name`,
    );
    expect(JSON.parse(byArn.text).Parameter.Value).toBe("orders-v2");
    const byVersion = await getParameter(reader, "/orders/table-name:1");
    expect(byVersion.status).toBe(200);
  });

  it("denies a role without ssm:GetParameter, and answers ParameterNotFound / ParameterVersionNotFound", async () => {
    const denied = await getParameter(stranger, "/orders/table-name");
    expect(denied.status).toBe(400);
    expect(JSON.parse(denied.text)).toMatchObject({
      __type: "AccessDeniedException",
      message: expect.stringContaining("is not authorized to perform: ssm:GetParameter"),
    });
    const missing = await getParameter(reader, "/orders/missing");
    expect(JSON.parse(missing.text).__type).toBe("ParameterNotFound");
    const version = await getParameter(reader, "/orders/table-name:7");
    expect(JSON.parse(version.text).__type).toBe("ParameterVersionNotFound");
  });

  it("resolves {{resolve:ssm:...}} as the deploying account, generated names included", () => {
    const resolve = world.parts.find((p) => p.dynamicReferences?.ssm !== undefined)?.dynamicReferences?.ssm;
    expect(resolve?.("/orders/table-name", ACCOUNT, "eu-central-1")).toBe("orders-v2");
    expect(resolve?.("/orders/table-name:1", ACCOUNT, "eu-central-1")).toBe("orders-v2");
    expect(() => resolve?.("/orders/table-name", OTHER, "eu-central-1")).toThrow(
      /account 555555555555 has no SSM parameter/,
    );
  });

  it("refuses a value its AllowedPattern rejects, naming the resource", async () => {
    await expect(
      world.create(stack, "Port", "AWS::SSM::Parameter", {
        Type: "String",
        Value: "eighty",
        AllowedPattern: "^\\d+$",
      }),
    ).rejects.toMatchObject({
      code: "SSM_VALUE_NOT_ALLOWED",
      message: expect.stringContaining("444444444444/Config/Port"),
    });
  });
});
