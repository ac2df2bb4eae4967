// Providers for AWS::SecretsManager::Secret (SecretString or GenerateSecretString, KmsKeyId, Name or
// a generated `<logicalId>-<12 characters>`) and AWS::SecretsManager::ResourcePolicy.
import { randomInt } from "node:crypto";
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { PolicyDocument } from "../../../iam/types.js";
import { assertStorablePolicy } from "../../../iam/validate-policy.js";
import { generateSecretString } from "./generate-secret-string.js";
import { type SecretStore, secretArn, secretVersionId } from "./secret-store.js";

export interface SecretsManagerProviderDeps {
  readonly secrets: SecretStore;
  /** Whether the stack's account has this KMS key (asked of KMS; keys come from AWS::KMS::Key resources). */
  readonly keyExists: (keyId: string, account: string, region: string) => Promise<boolean>;
  /** Random source of generated passwords (default: node:crypto randomInt). */
  readonly random?: (max: number) => number;
  readonly now?: () => Date;
}

function where(resource: ResolvedResource): string {
  return `${resource.stack.stackName}/${resource.logicalId}`;
}

function tagsOf(value: unknown): { Key: string; Value: string }[] {
  return Array.isArray(value)
    ? value.filter((t) => typeof t?.Key === "string").map((t) => ({ Key: t.Key, Value: String(t.Value) }))
    : [];
}

function policyDocument(value: unknown, resource: ResolvedResource): PolicyDocument {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (parsed === null || typeof parsed !== "object" || !("Statement" in parsed)) {
    throw new AccountmeshError(
      "SECRETSMANAGER_INVALID_RESOURCE_POLICY",
      `${where(resource)}: ResourcePolicy must be a policy document with a Statement; received ${JSON.stringify(value)}.`,
      { where: where(resource) },
    );
  }
  return assertStorablePolicy(parsed, "resource", {
    stack: resource.stack.stackName,
    logicalId: resource.logicalId,
    resourceType: resource.type,
    property: "ResourcePolicy",
  });
}

export function createSecretsManagerProviders(deps: SecretsManagerProviderDeps): ResourceProvider[] {
  const secret: ResourceProvider = {
    type: "AWS::SecretsManager::Secret",
    properties: ["Name", "Description", "SecretString", "GenerateSecretString", "KmsKeyId", "Tags"],
    async create(resource) {
      const { account, region } = resource.stack;
      const p = resource.properties;
      if (p.SecretString !== undefined && p.GenerateSecretString !== undefined) {
        throw new AccountmeshError(
          "SECRETSMANAGER_INVALID_SECRET",
          `${where(resource)}: give SecretString or GenerateSecretString, not both.`,
          { where: where(resource) },
        );
      }
      const kmsKeyId = typeof p.KmsKeyId === "string" ? p.KmsKeyId : undefined;
      if (kmsKeyId !== undefined && !(await deps.keyExists(kmsKeyId, account, region))) {
        throw new AccountmeshError(
          "SECRETSMANAGER_UNKNOWN_KMS_KEY",
          `${where(resource)}: KmsKeyId ${kmsKeyId} is not a KMS key known locally (keys come from AWS::KMS::Key resources of the assembly).`,
          { where: where(resource), kmsKeyId },
        );
      }
      const name =
        typeof p.Name === "string"
          ? p.Name
          : `${resource.logicalId}-${stableId(["secret-name", account, region, resource.stack.stackName, resource.logicalId], 12, "alnum")}`;
      const arn = secretArn(account, region, name);
      const secretString =
        typeof p.SecretString === "string"
          ? p.SecretString
          : p.GenerateSecretString !== null && typeof p.GenerateSecretString === "object"
            ? generateSecretString(
                p.GenerateSecretString as Record<string, unknown>,
                deps.random ?? randomInt,
              )
            : undefined;
      deps.secrets.add({
        arn,
        name,
        account,
        region,
        description: typeof p.Description === "string" ? p.Description : undefined,
        secretString,
        kmsKeyId,
        versionId: secretVersionId(arn, secretString),
        createdDate: deps.now?.() ?? new Date(),
        tags: tagsOf(p.Tags),
      });
      return { ref: arn, attributes: { Id: arn } };
    },
  };
  const resourcePolicy: ResourceProvider = {
    type: "AWS::SecretsManager::ResourcePolicy",
    properties: ["SecretId", "ResourcePolicy", "BlockPublicPolicy"],
    async create(resource) {
      const { account, region } = resource.stack;
      const secretId = resource.properties.SecretId;
      const target = typeof secretId === "string" ? deps.secrets.find(secretId, account, region) : undefined;
      if (target === undefined) {
        throw new AccountmeshError(
          "SECRETSMANAGER_UNKNOWN_SECRET",
          `${where(resource)}: SecretId ${JSON.stringify(secretId)} is not a secret of account ${account} in ${region}.`,
          { where: where(resource), secretId },
        );
      }
      target.resourcePolicy = policyDocument(resource.properties.ResourcePolicy, resource);
      return { ref: target.arn, attributes: { Id: target.arn } };
    },
  };
  return [secret, resourcePolicy];
}
