import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR, testBindings } from "../../../../../test/fixtures/lambda/fixture-spec.js";
import type {
  AssetSource,
  ResolvedResource,
  ResourceProvider,
  StackArtifact,
} from "../../../assembly/types.js";
import { IamState } from "../../../iam/iam-state.js";
import { PolicyDecisionPoint } from "../../../iam/policy-decision-point.js";
import { LambdaHost } from "../../../lambda/lambda-host.js";
import { functionArnOf } from "./invoke.js";
import { LambdaPermissions } from "./lambda-permissions.js";
import { createLambdaProviders } from "./lambda-providers.js";

const CDK_OUT = fileURLToPath(new URL("../../../../../cdk.out/", import.meta.url));
const inlineCodeDir = mkdtempSync(join(tmpdir(), "accountmesh-inline-test-"));
const host = new LambdaHost(testBindings(), { log: () => {} });
const permissions = new LambdaPermissions();
const providers = createLambdaProviders({
  host,
  permissions,
  vpcOfSubnet: (subnetId) => (subnetId.startsWith("subnet-food") ? "vpc-food" : undefined),
  inlineCodeDir,
});

afterAll(async () => {
  await host.stop();
  rmSync(inlineCodeDir, { recursive: true, force: true });
});

function asset(hash: string, path: string): AssetSource {
  return { hash, path, packaging: "zip", objectKey: `${hash}.zip` };
}

const stack: StackArtifact = {
  id: "OrdersFood",
  stackName: "OrdersFood",
  account: "222222222222",
  region: "eu-central-1",
  template: { Resources: {} },
  dependencies: [],
  assets: new Map([
    ["fixtures.zip", asset("fixtures", FIXTURES_DIR)],
    ["packed.zip", { hash: "packed", path: "/tmp/packed.zip", packaging: "file", objectKey: "packed.zip" }],
  ]),
};

function provider(type: string): ResourceProvider {
  const found = providers.find((p) => p.type === type);
  if (found === undefined) {
    throw new Error(`no provider for ${type}`);
  }
  return found;
}

function fn(logicalId: string, properties: Record<string, unknown>): ResolvedResource {
  return {
    stack,
    logicalId,
    type: "AWS::Lambda::Function",
    properties: {
      Code: { S3Bucket: "cdk-assets", S3Key: "fixtures.zip" },
      Handler: "echo.handler",
      Runtime: "nodejs22.x",
      Role: "arn:aws:iam::222222222222:role/echo-role",
      ...properties,
    },
  };
}

describe("AWS::Lambda::Function provider", () => {
  it("registers the bundle under its FunctionName with CloudFormation's defaults", async () => {
    const created = await provider("AWS::Lambda::Function").create(fn("Echo", { FunctionName: "echo-fn" }));
    const arn = "arn:aws:lambda:eu-central-1:222222222222:function:echo-fn";
    expect(created).toEqual({ ref: "echo-fn", attributes: { Arn: arn } });
    expect(host.spec(arn)).toEqual({
      arn,
      name: "echo-fn",
      account: "222222222222",
      region: "eu-central-1",
      codeDir: FIXTURES_DIR,
      handler: "echo.handler",
      runtime: "nodejs22.x",
      environment: {},
      timeoutSeconds: 3,
      memoryMb: 128,
      roleArn: "arn:aws:iam::222222222222:role/echo-role",
    });
    expect(await host.invoke(arn, { hi: 1 })).toMatchObject({
      kind: "success",
      payload: { event: { hi: 1 } },
    });
  });

  it("generates a deterministic name of at most 64 characters when FunctionName is absent", async () => {
    const long = `Very${"Long".repeat(20)}LogicalId`;
    const first = await provider("AWS::Lambda::Function").create(fn(long, {}));
    const again = await provider("AWS::Lambda::Function").create(fn(long, {}));
    expect(first.ref).toBe(again.ref);
    expect(first.ref.length).toBe(64);
    expect(first.ref).toMatch(/^OrdersFood-VeryLong.*-[a-z0-9]{12}$/);
    const short = await provider("AWS::Lambda::Function").create(fn("Short", {}));
    expect(short.ref).toMatch(/^OrdersFood-Short-[a-z0-9]{12}$/);
  });

  it("honours the template's settings: the real get-order function of cdk.out", async () => {
    const template = JSON.parse(readFileSync(join(CDK_OUT, "OrdersFood.template.json"), "utf8")) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const real = template.Resources.MicroserviceGetOrderD288BF29?.Properties ?? {};
    const key = (real.Code as { S3Key: string }).S3Key;
    const resolved = JSON.parse(JSON.stringify(real), (_k, value: unknown) => {
      const v = value as Record<string, unknown> | null;
      if (v !== null && typeof v === "object" && "Ref" in v) {
        return String(v.Ref).includes("Subnet") ? "subnet-food-1" : `resolved-${String(v.Ref)}`;
      }
      if (v !== null && typeof v === "object" && "Fn::GetAtt" in v) {
        return "arn:aws:iam::222222222222:role/get-order";
      }
      return value;
    }) as Record<string, unknown>;
    const realStack = {
      ...stack,
      assets: new Map([[key, asset(key.slice(0, -4), join(CDK_OUT, `asset.${key.slice(0, -4)}`))]]),
    };
    const created = await provider("AWS::Lambda::Function").create({
      ...fn("GetOrder", {}),
      stack: realStack,
      properties: resolved,
    });
    const spec = host.spec(String(created.attributes?.Arn));
    expect(spec).toMatchObject({
      name: "cross-account-microservices-food-get-order",
      codeDir: join(CDK_OUT, `asset.${key.slice(0, -4)}`),
      handler: "index.handler",
      runtime: "nodejs22.x",
      timeoutSeconds: 10,
      memoryMb: 512,
      vpcId: "vpc-food",
      logGroupName: "resolved-MicroserviceGetOrderLogGroup94987B4A",
      logFormat: "JSON",
      environment: expect.objectContaining({
        NODE_OPTIONS: "--enable-source-maps",
        MICROSERVICE_TOPIC: "food",
      }),
    });
    expect(provider("AWS::Lambda::Function").properties).not.toContain("Layers");
  });

  it("runs inline code (Code.ZipFile) as index.js, and keeps ReservedConcurrentExecutions", async () => {
    const created = await provider("AWS::Lambda::Function").create(
      fn("Inline", {
        Code: { ZipFile: "exports.handler = async (event) => ({ inline: true, event });" },
        Handler: "index.handler",
        ReservedConcurrentExecutions: 2,
        Timeout: 30,
        MemorySize: 256,
      }),
    );
    const arn = String(created.attributes?.Arn);
    expect(host.spec(arn)).toMatchObject({ reservedConcurrency: 2, timeoutSeconds: 30, memoryMb: 256 });
    expect(await host.invoke(arn, 7)).toMatchObject({ kind: "success", payload: { inline: true, event: 7 } });
  });

  it("refuses what cannot run locally, naming the resource", async () => {
    const create = (properties: Record<string, unknown>) =>
      provider("AWS::Lambda::Function").create(fn("Bad", properties));
    // Not runnable here, but not a refusal of the assembly: provisioning makes it a placeholder.
    await expect(create({ Runtime: "python3.13" })).rejects.toMatchObject({
      code: "LAMBDA_UNSUPPORTED_RUNTIME",
      message: expect.stringContaining("Runtime python3.13: only Node.js zip functions"),
      details: expect.objectContaining({ notRunnableLocally: true }),
    });
    await expect(create({ PackageType: "Image", Code: { ImageUri: "x" } })).rejects.toMatchObject({
      code: "LAMBDA_UNSUPPORTED_RUNTIME",
      details: expect.objectContaining({ notRunnableLocally: true }),
    });
    await expect(create({ Code: { S3Bucket: "elsewhere", S3Key: "unknown.zip" } })).rejects.toMatchObject({
      code: "LAMBDA_CODE_NOT_IN_ASSEMBLY",
      message: expect.stringContaining("OrdersFood/Bad (AWS::Lambda::Function).Code"),
    });
    await expect(create({ Code: { S3Key: "packed.zip" } })).rejects.toMatchObject({
      code: "LAMBDA_CODE_UNSUPPORTED",
    });
    await expect(create({ Environment: { Variables: { AWS_REGION: "us-east-1" } } })).rejects.toMatchObject({
      code: "LAMBDA_RESERVED_ENVIRONMENT_VARIABLE",
    });
    await expect(
      create({ VpcConfig: { SubnetIds: ["subnet-unknown"], SecurityGroupIds: [] } }),
    ).rejects.toMatchObject({
      code: "LAMBDA_UNKNOWN_SUBNET",
    });
    await expect(create({ Timeout: "soon" })).rejects.toMatchObject({ code: "RESOURCE_PROPERTY_INVALID" });
  });
});

describe("AWS::Lambda::Permission provider", () => {
  it("adds a statement to the function's resource policy", async () => {
    const functionArn = "arn:aws:lambda:eu-central-1:222222222222:function:echo-fn";
    const created = await provider("AWS::Lambda::Permission").create({
      stack,
      logicalId: "EchoApiPermission",
      type: "AWS::Lambda::Permission",
      properties: {
        Action: "lambda:InvokeFunction",
        FunctionName: functionArn,
        Principal: "apigateway.amazonaws.com",
        SourceArn: "arn:aws:execute-api:eu-central-1:222222222222:api1234567/v1/GET/orders/*",
      },
    });
    expect(created.ref).toMatch(/^OrdersFood-EchoApiPermission-[a-z0-9]{12}$/);
    expect(permissions.statementsFor(functionArn)).toEqual([
      {
        sid: created.ref,
        functionArn,
        action: "lambda:InvokeFunction",
        principal: "apigateway.amazonaws.com",
        sourceArn: "arn:aws:execute-api:eu-central-1:222222222222:api1234567/v1/GET/orders/*",
      },
    ]);
    const decide = (sourceArn: string) =>
      new PolicyDecisionPoint(new IamState()).decide(
        {
          principal: { kind: "service", service: "apigateway.amazonaws.com" },
          action: "lambda:InvokeFunction",
          resource: functionArn,
          resourceAccount: "222222222222",
          context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": "222222222222" },
        },
        permissions.policy(functionArn),
      ).allowed;
    expect(decide("arn:aws:execute-api:eu-central-1:222222222222:api1234567/v1/GET/orders/42")).toBe(true);
    expect(decide("arn:aws:execute-api:eu-central-1:222222222222:api1234567/v1/POST/orders")).toBe(false);
  });

  it("accepts a function name, a partial ARN or a qualified ARN", () => {
    const arn = "arn:aws:lambda:eu-central-1:222222222222:function:f";
    expect(functionArnOf("f", "222222222222", "eu-central-1")).toBe(arn);
    expect(functionArnOf("222222222222:function:f", "111111111111", "eu-central-1")).toBe(arn);
    expect(functionArnOf(`${arn}:$LATEST`, "111111111111", "eu-central-1")).toBe(arn);
  });
});
