// Providers for AWS::KMS::Key (with its key policy) and AWS::KMS::Alias.
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { PolicyDocument } from "../../../iam/types.js";
import { assertStorablePolicy } from "../../../iam/validate-policy.js";
import type { KmsKeys } from "./kms-keys.js";

export interface KmsProviderDeps {
  readonly keys: KmsKeys;
  /** Creation time of keys (default: now). */
  readonly now?: () => Date;
}

/** A deterministic key id in KMS's UUID form. */
export function kmsKeyId(account: string, region: string, stackName: string, logicalId: string): string {
  const hex = stableId(["kms-key", account, region, stackName, logicalId], 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** KMS's default key policy: the account may use the key through IAM policies. */
function defaultKeyPolicy(account: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Enable IAM User Permissions",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  };
}

function policyProperty(value: unknown, resource: ResolvedResource): PolicyDocument | undefined {
  if (value === undefined) return undefined;
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (parsed === null || typeof parsed !== "object" || !("Statement" in parsed)) {
    throw new AccountmeshError(
      "KMS_INVALID_KEY_POLICY",
      `${resource.stack.stackName}/${resource.logicalId}: KeyPolicy must be a policy document with a Statement; received ${JSON.stringify(value)}.`,
      { stack: resource.stack.stackName, logicalId: resource.logicalId },
    );
  }
  return assertStorablePolicy(parsed, "resource", {
    stack: resource.stack.stackName,
    logicalId: resource.logicalId,
    resourceType: resource.type,
    property: "KeyPolicy",
  });
}

export function createKmsProviders(deps: KmsProviderDeps): ResourceProvider[] {
  const key: ResourceProvider = {
    type: "AWS::KMS::Key",
    properties: ["KeyPolicy", "Description", "Enabled", "EnableKeyRotation", "PendingWindowInDays", "Tags"],
    async create(resource) {
      const { account, region, stackName } = resource.stack;
      const id = kmsKeyId(account, region, stackName, resource.logicalId);
      const arn = `arn:aws:kms:${region}:${account}:key/${id}`;
      const p = resource.properties;
      deps.keys.addKey({
        id,
        arn,
        account,
        region,
        policy: policyProperty(p.KeyPolicy, resource) ?? defaultKeyPolicy(account),
        description: typeof p.Description === "string" ? p.Description : "",
        enabled: p.Enabled !== false && p.Enabled !== "false",
        creationDate: deps.now?.() ?? new Date(),
      });
      return { ref: id, attributes: { Arn: arn, KeyId: id } };
    },
  };
  const alias: ResourceProvider = {
    type: "AWS::KMS::Alias",
    properties: ["AliasName", "TargetKeyId"],
    async create(resource) {
      const { account, region, stackName } = resource.stack;
      const { AliasName: name, TargetKeyId: target } = resource.properties;
      if (typeof name !== "string" || !name.startsWith("alias/") || typeof target !== "string") {
        throw new AccountmeshError(
          "KMS_INVALID_ALIAS",
          `${stackName}/${resource.logicalId}: AliasName must start with "alias/" and TargetKeyId must name a key; received ${JSON.stringify({ AliasName: name, TargetKeyId: target })}.`,
          { stack: stackName, logicalId: resource.logicalId },
        );
      }
      if (deps.keys.addAlias(account, region, name, target) === undefined) {
        throw new AccountmeshError(
          "KMS_UNKNOWN_KEY",
          `${stackName}/${resource.logicalId}: TargetKeyId ${target} is not a KMS key of account ${account} in ${region}.`,
          { stack: stackName, logicalId: resource.logicalId, target },
        );
      }
      return { ref: name };
    },
  };
  return [key, alias];
}
