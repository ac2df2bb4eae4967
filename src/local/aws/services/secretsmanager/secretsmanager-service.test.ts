import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { jsonCall } from "../../../../../test/support/aws-signing.js";
import { type Grant, roleCaller, type TestCaller } from "../../../../../test/support/aws-test-doubles.js";
import { cdkOutResource, cdkOutStack } from "../../../../../test/support/cdk-out-resources.js";
import { type LocalAws, startLocalAws } from "../../../../../test/support/local-aws.js";
import type { ResolvedResource } from "../../../assembly/types.js";
import type { PolicyStatement } from "../../../iam/types.js";
import { createKmsProviders } from "../kms/kms-providers.js";
import { kmsKeyExists } from "./secretsmanager-plugin.js";
import { createSecretsManagerProviders } from "./secretsmanager-providers.js";

const CONSUMER = roleCaller("111111111111", "ConsumerHandler");
const FOOD = roleCaller("222222222222", "FoodHandler");
const FOOD_WITHOUT_KMS = roleCaller("222222222222", "FoodNoKms");
const BEVERAGE = roleCaller("333333333333", "BeverageHandler");
const OUTSIDER = roleCaller("444444444444", "Outsider");
const ENDPOINT_ID = "vpce-0123456789abcdef0";

const grants = (caller: TestCaller, actions: readonly string[]): Grant[] =>
  actions.map((action) => ({
    principal: caller.principal.kind === "role" ? caller.principal.arn : "",
    action,
    resource: "*",
  }));

let aws: LocalAws;
let secretArn: string;
let onlyFoodSecretArn: string;
let keyArn: string;

function read(caller: TestCaller, secretId: string, operation = "GetSecretValue") {
  return jsonCall(aws.url, caller, "secretsmanager", `secretsmanager.${operation}`, { SecretId: secretId });
}

beforeAll(async () => {
  aws = await startLocalAws({
    dynamodbEndpoint: inject("dynamodbEndpoint"),
    callers: [CONSUMER, FOOD, FOOD_WITHOUT_KMS, BEVERAGE, OUTSIDER],
    grants: [
      ...grants(CONSUMER, ["secretsmanager:GetSecretValue", "kms:Decrypt", "kms:DescribeKey"]),
      ...grants(FOOD, ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "kms:Decrypt"]),
      ...grants(FOOD_WITHOUT_KMS, ["secretsmanager:GetSecretValue"]),
      ...grants(BEVERAGE, ["secretsmanager:GetSecretValue", "kms:Decrypt"]),
      ...grants(OUTSIDER, ["secretsmanager:GetSecretValue", "kms:Decrypt", "kms:DescribeKey"]),
    ],
  });
  const [keyProvider] = createKmsProviders({ keys: aws.keys });
  const [secretProvider, policyProvider] = createSecretsManagerProviders({
    secrets: aws.secrets,
    keyExists: kmsKeyExists(aws.client),
  });
  if (keyProvider === undefined || secretProvider === undefined || policyProvider === undefined)
    throw new Error("providers");
  const consumer = cdkOutStack("OrdersConsumer");
  const key = await keyProvider.create(cdkOutResource(consumer, "EndpointIdSecretKey669B54FE"));
  keyArn = String(key.attributes?.Arn);
  const secret = cdkOutResource(consumer, "EndpointIdSecretB213AFC1", {
    "EndpointIdSecretKey669B54FE.Arn": keyArn,
    ExecuteApiEndpointC976111F: ENDPOINT_ID,
  });
  secretArn = (await secretProvider.create(secret)).ref;
  await policyProvider.create(
    cdkOutResource(consumer, "EndpointIdSecretPolicy9E348989", { EndpointIdSecretB213AFC1: secretArn }),
  );

  // The same secret under a key whose policy lets only the food account decrypt.
  const template = cdkOutResource(consumer, "EndpointIdSecretKey669B54FE");
  const statements = (template.properties.KeyPolicy as { Statement: PolicyStatement[] }).Statement.map((s) =>
    s.Sid === "MicroserviceAccountsDecryptViaSecretsManager"
      ? { ...s, Principal: { AWS: "arn:aws:iam::222222222222:root" } }
      : s,
  );
  const narrowKey: ResolvedResource = {
    ...template,
    logicalId: "NarrowKey",
    properties: { ...template.properties, KeyPolicy: { Version: "2012-10-17", Statement: statements } },
  };
  const narrowKeyArn = String((await keyProvider.create(narrowKey)).attributes?.Arn);
  onlyFoodSecretArn = (
    await secretProvider.create({
      ...secret,
      logicalId: "OnlyFood",
      properties: { ...secret.properties, Name: "only-food", KmsKeyId: narrowKeyArn },
    })
  ).ref;
  await policyProvider.create(
    cdkOutResource(consumer, "EndpointIdSecretPolicy9E348989", {
      EndpointIdSecretB213AFC1: onlyFoodSecretArn,
    }),
  );
});

afterAll(async () => {
  await aws?.close();
});

describe("Secrets Manager: the consumer's shared endpoint-id secret", () => {
  it("is readable in its own account by name", async () => {
    const response = await read(CONSUMER, "cross-account-microservices");
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({
      ARN: secretArn,
      Name: "cross-account-microservices",
      SecretString: ENDPOINT_ID,
      VersionStages: ["AWSCURRENT"],
    });
    expect(secretArn).toMatch(
      /^arn:aws:secretsmanager:eu-central-1:111111111111:secret:cross-account-microservices-[a-z0-9]{6}$/,
    );
  });

  it("is readable by the accounts its policy names, by ARN, decrypting via Secrets Manager", async () => {
    const response = await read(FOOD, secretArn);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text).SecretString).toBe(ENDPOINT_ID);
    const decrypt = aws.authorizer.calls.find(
      (c) => c.request.action === "kms:Decrypt" && c.request.context["kms:CallerAccount"] === "222222222222",
    );
    expect(decrypt?.request).toMatchObject({
      resource: keyArn,
      resourceAccount: "111111111111",
      context: { "kms:ViaService": "secretsmanager.eu-central-1.amazonaws.com" },
    });
    expect(decrypt?.resourcePolicy).toBeDefined();
  });

  it("is not found by name from another account", async () => {
    const response = await read(FOOD, "cross-account-microservices");
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toEqual({
      __type: "ResourceNotFoundException",
      message: "Secrets Manager can't find the specified secret.",
    });
  });

  it("is denied to an account its resource policy does not name", async () => {
    const response = await read(OUTSIDER, secretArn);
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("AccessDeniedException");
    expect(JSON.parse(response.text).message).toBe(
      `User: arn:aws:sts::444444444444:assumed-role/Outsider/Outsider-session is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secretArn} because no resource-based policy allows the secretsmanager:GetSecretValue action`,
    );
  });

  it("needs kms:Decrypt in the caller's identity policy and in the key policy", async () => {
    const withoutIdentity = await read(FOOD_WITHOUT_KMS, secretArn);
    expect(JSON.parse(withoutIdentity.text)).toMatchObject({
      __type: "AccessDeniedException",
      message: expect.stringMatching(
        /^Access to KMS is not allowed\. .*kms:Decrypt on resource: arn:aws:kms:.* because no identity-based policy/,
      ),
    });
    expect((await read(FOOD, onlyFoodSecretArn)).status).toBe(200);
    const beverage = await read(BEVERAGE, onlyFoodSecretArn);
    expect(JSON.parse(beverage.text)).toMatchObject({
      __type: "AccessDeniedException",
      message: expect.stringContaining("because no resource-based policy allows the kms:Decrypt action"),
    });
  });

  it("describes the secret cross-account, without decrypting", async () => {
    const response = await read(FOOD, secretArn, "DescribeSecret");
    expect(JSON.parse(response.text)).toMatchObject({
      ARN: secretArn,
      KmsKeyId: keyArn,
      Name: "cross-account-microservices",
    });
    expect(response.text).not.toContain(ENDPOINT_ID);
  });

  it("answers KMS DescribeKey as the key policy allows", async () => {
    const allowed = await jsonCall(aws.url, CONSUMER, "kms", "TrentService.DescribeKey", { KeyId: keyArn });
    expect(JSON.parse(allowed.text).KeyMetadata).toMatchObject({
      Arn: keyArn,
      AWSAccountId: "111111111111",
      KeyState: "Enabled",
    });
    const denied = await jsonCall(aws.url, OUTSIDER, "kms", "TrentService.DescribeKey", { KeyId: keyArn });
    expect(JSON.parse(denied.text).__type).toBe("AccessDeniedException");
    const decrypt = await jsonCall(aws.url, CONSUMER, "kms", "TrentService.Decrypt", {
      CiphertextBlob: "AAAA",
    });
    expect(decrypt.status).toBe(501);
    expect(JSON.parse(decrypt.text)).toMatchObject({
      __type: "NotImplemented",
      message: expect.stringContaining("kms:Decrypt"),
    });
  });
});
