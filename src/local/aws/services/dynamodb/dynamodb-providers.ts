// Providers for AWS::DynamoDB::Table and AWS::DynamoDB::GlobalTable: the table is created in the
// account's engine database (key schema, indexes, stream, TTL) and kept across restarts; its
// resource policy is registered for the endpoint's IAM checks.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import type { ResolvedResource, ResourceProvider, UnsupportedFeature } from "../../../assembly/types.js";
import type { PolicyDocument } from "../../../iam/types.js";
import { assertStorablePolicy } from "../../../iam/validate-policy.js";
import type { DynamoDbEngine } from "./dynamodb-engine.js";
import { createTableInput, schemaDifferences } from "./dynamodb-table-spec.js";
import { type DynamoDbTables, tableArn } from "./dynamodb-tables.js";

export interface DynamoDbProviderDeps {
  readonly engine: DynamoDbEngine;
  readonly tables: DynamoDbTables;
  /** Receives what a template asks for that is not honoured locally (e.g. replicas in other regions). */
  readonly report?: (feature: UnsupportedFeature) => void;
}

const KEY_AND_INDEXES = [
  "TableName",
  "KeySchema",
  "AttributeDefinitions",
  "GlobalSecondaryIndexes",
  "LocalSecondaryIndexes",
  "StreamSpecification",
  "TimeToLiveSpecification",
  "BillingMode",
  "SSESpecification",
  "WarmThroughput",
];

function where(resource: ResolvedResource): string {
  return `${resource.stack.stackName}/${resource.logicalId}`;
}

/** CloudFormation's generated name: `<stack>-<logicalId>-<12 upper-case characters>`. */
function generatedTableName(resource: ResolvedResource): string {
  const { stackName, account, region } = resource.stack;
  const suffix = stableId(["dynamodb-table", account, region, stackName, resource.logicalId], 12, "alnum");
  return `${stackName}-${resource.logicalId}-${suffix.toUpperCase()}`;
}

function resourcePolicyOf(value: unknown, resource: ResolvedResource): PolicyDocument | undefined {
  if (value === undefined || value === null) return undefined;
  const document = (value as { PolicyDocument?: unknown }).PolicyDocument;
  const parsed: unknown = typeof document === "string" ? JSON.parse(document) : document;
  if (parsed === null || typeof parsed !== "object" || !("Statement" in parsed)) {
    throw new AccountmeshError(
      "DYNAMODB_INVALID_RESOURCE_POLICY",
      `${where(resource)}: ResourcePolicy.PolicyDocument must be a policy document with a Statement; received ${JSON.stringify(value)}.`,
      { where: where(resource) },
    );
  }
  return assertStorablePolicy(parsed, "resource", {
    stack: resource.stack.stackName,
    logicalId: resource.logicalId,
    resourceType: resource.type,
    property: "ResourcePolicy.PolicyDocument",
  });
}

async function existingTable(
  deps: DynamoDbProviderDeps,
  resource: ResolvedResource,
  name: string,
): Promise<TableDescription | undefined> {
  const client = deps.engine.client(resource.stack.account, resource.stack.region);
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function provisionTable(
  deps: DynamoDbProviderDeps,
  resource: ResolvedResource,
  resourcePolicy: PolicyDocument | undefined,
): Promise<{ ref: string; attributes: Record<string, unknown> }> {
  const { account, region } = resource.stack;
  const p = resource.properties;
  const name = typeof p.TableName === "string" ? p.TableName : generatedTableName(resource);
  const input = createTableInput(p, name);
  const client = deps.engine.client(account, region);
  let table = await existingTable(deps, resource, name);
  if (table === undefined) {
    table = (await client.send(new CreateTableCommand(input))).TableDescription;
  } else {
    const differences = schemaDifferences(input, table);
    if (differences.length > 0) {
      throw new AccountmeshError(
        "DYNAMODB_TABLE_SCHEMA_CHANGED",
        `${where(resource)}: table ${name} of account ${account} already exists locally with a different schema (${differences.join("; ")}). ` +
          "accountmesh keeps table data across restarts; delete the .accountmesh/ data directory, or start with --in-memory, to recreate it.",
        { where: where(resource), table: name, account, differences },
      );
    }
  }
  const ttl = p.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean | string } | undefined;
  if (ttl?.AttributeName !== undefined && (ttl.Enabled === true || ttl.Enabled === "true")) {
    const current = (await client.send(new DescribeTimeToLiveCommand({ TableName: name })))
      .TimeToLiveDescription;
    if (current?.TimeToLiveStatus !== "ENABLED" || current.AttributeName !== ttl.AttributeName) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
        }),
      );
    }
  }
  const arn = tableArn(region, account, name);
  const label = table?.LatestStreamLabel;
  const streamArn = label === undefined ? undefined : `${arn}/stream/${label}`;
  deps.tables.register({ account, region, name, arn, streamArn, resourcePolicy });
  const tableId = table?.TableId ?? stableId(["table-id", arn], 32);
  return {
    ref: name,
    attributes: { Arn: arn, TableId: tableId, ...(streamArn === undefined ? {} : { StreamArn: streamArn }) },
  };
}

export function createDynamoDbProviders(deps: DynamoDbProviderDeps): ResourceProvider[] {
  const table: ResourceProvider = {
    type: "AWS::DynamoDB::Table",
    properties: [
      ...KEY_AND_INDEXES,
      "ResourcePolicy",
      "ProvisionedThroughput",
      "OnDemandThroughput",
      "Tags",
      "PointInTimeRecoverySpecification",
      "DeletionProtectionEnabled",
      "TableClass",
      "ContributorInsightsSpecification",
    ],
    create: (resource) =>
      provisionTable(deps, resource, resourcePolicyOf(resource.properties.ResourcePolicy, resource)),
  };
  const globalTable: ResourceProvider = {
    type: "AWS::DynamoDB::GlobalTable",
    properties: [
      ...KEY_AND_INDEXES,
      "Replicas",
      "WriteProvisionedThroughputSettings",
      "WriteOnDemandThroughputSettings",
    ],
    async create(resource) {
      const replicas = Array.isArray(resource.properties.Replicas)
        ? (resource.properties.Replicas as Record<string, unknown>[])
        : [];
      const local = replicas.find((r) => r.Region === resource.stack.region);
      for (const replica of replicas) {
        if (replica === local) continue;
        deps.report?.({
          kind: "property",
          name: "AWS::DynamoDB::GlobalTable.Replicas",
          where: where(resource),
          count: 1,
          detail: `the replica in ${String(replica.Region)} is not created locally; only the stack's region ${resource.stack.region} is`,
        });
      }
      return provisionTable(deps, resource, resourcePolicyOf(local?.ResourcePolicy, resource));
    },
  };
  return [table, globalTable];
}
