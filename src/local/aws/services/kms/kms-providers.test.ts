import { describe, expect, it } from "vitest";
import { cdkOutResource, cdkOutStack } from "../../../../../test/support/cdk-out-resources.js";
import { KmsKeys } from "./kms-keys.js";
import { createKmsProviders, kmsKeyId } from "./kms-providers.js";

const consumer = cdkOutStack("OrdersConsumer");

describe("AWS::KMS::Key and AWS::KMS::Alias", () => {
  const keys = new KmsKeys();
  const [keyProvider, aliasProvider] = createKmsProviders({ keys });

  it("creates the template's key with its key policy and a stable id", async () => {
    const resource = cdkOutResource(consumer, "EndpointIdSecretKey669B54FE");
    const created = await keyProvider?.create(resource);
    const id = kmsKeyId("111111111111", "eu-central-1", "OrdersConsumer", "EndpointIdSecretKey669B54FE");
    expect(created).toEqual({
      ref: id,
      attributes: { Arn: `arn:aws:kms:eu-central-1:111111111111:key/${id}`, KeyId: id },
    });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const key = keys.resolve(id, "111111111111", "eu-central-1");
    expect(key?.policy).toEqual(resource.properties.KeyPolicy);
    expect(keys.resolve(id, "222222222222", "eu-central-1")).toBeUndefined();
  });

  it("resolves a key by alias name in its account and by alias ARN from anywhere", async () => {
    const keyId = kmsKeyId("111111111111", "eu-central-1", "OrdersConsumer", "EndpointIdSecretKey669B54FE");
    const alias = {
      ...cdkOutResource(consumer, "EndpointIdSecretKey669B54FE"),
      type: "AWS::KMS::Alias",
      logicalId: "Alias",
    };
    const created = await aliasProvider?.create({
      ...alias,
      properties: { AliasName: "alias/shared", TargetKeyId: keyId },
    });
    expect(created).toEqual({ ref: "alias/shared" });
    expect(keys.resolve("alias/shared", "111111111111", "eu-central-1")?.id).toBe(keyId);
    expect(keys.resolve("alias/shared", "222222222222", "eu-central-1")).toBeUndefined();
    expect(
      keys.resolve("arn:aws:kms:eu-central-1:111111111111:alias/shared", "222222222222", "eu-central-1")?.id,
    ).toBe(keyId);
    await expect(
      aliasProvider?.create({
        ...alias,
        properties: { AliasName: "alias/none", TargetKeyId: "no-such-key" },
      }),
    ).rejects.toMatchObject({ code: "KMS_UNKNOWN_KEY" });
  });

  it("gives a key without KeyPolicy KMS's default policy (the account's IAM policies decide)", async () => {
    const bare = {
      ...cdkOutResource(consumer, "EndpointIdSecretKey669B54FE"),
      logicalId: "Bare",
      properties: {},
    };
    const created = await keyProvider?.create(bare);
    const policy = keys.resolve(String(created?.ref), "111111111111", "eu-central-1")?.policy;
    expect(policy?.Statement).toEqual([
      expect.objectContaining({ Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*" }),
    ]);
  });

  it("refuses a key policy AWS would not store, naming the stack, key and rule", async () => {
    const key = cdkOutResource(consumer, "EndpointIdSecretKey669B54FE");
    await expect(
      keyProvider?.create({
        ...key,
        logicalId: "BadKey",
        properties: {
          ...key.properties,
          KeyPolicy: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }],
          },
        },
      }),
    ).rejects.toMatchObject({
      code: "POLICY_MALFORMED",
      message: expect.stringContaining(
        "AWS::KMS::Key OrdersConsumer/BadKey: KeyPolicy is not a valid resource-based policy",
      ),
      details: { problems: [{ rule: "principal-missing" }] },
    });
  });
});
