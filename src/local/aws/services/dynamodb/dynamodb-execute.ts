// One DynamoDB request, wire or in-process: its IAM checks as the caller (`dynamodb:<Action>` on every
// table or index it touches, with each table's resource policy), table ARNs rewritten to the engine's
// names, and the account's engine database answering. A batch whose tables live in several accounts
// (named by ARN) is split per account and the answers merged, as one DynamoDB would answer it; a
// transaction across accounts cannot be atomic over separate engine databases and is refused by name.
import { crc32 } from "node:zlib";
import type { LocalResponse } from "../../../http/http-types.js";
import type { Authorizer } from "../../../iam/types.js";
import type { OperationContext } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage, CORAL_NAMESPACE } from "../../protocol/aws-error.js";
import type { DynamoDbEngine } from "./dynamodb-engine.js";
import { checkInputTypes } from "./dynamodb-input-types.js";
import { DYNAMODB_OPERATIONS } from "./dynamodb-operations.js";
import {
  locateTable,
  namesAnyTableByArn,
  type TableLocation,
  withGivenTableKeys,
  withTableNames,
} from "./dynamodb-table-refs.js";
import { type DynamoDbTables, tableArn } from "./dynamodb-tables.js";

export const DYNAMODB_TARGET_PREFIX = "DynamoDB_20120810";

export interface DynamoDbExecuteDeps {
  readonly authorizer: Authorizer;
  readonly engine: DynamoDbEngine;
  readonly tables: DynamoDbTables;
}

type Input = Readonly<Record<string, unknown>>;
const BATCH = new Set(["BatchGetItem", "BatchWriteItem"]);

/**
 * Runs `operation` with `input` (`body`: the caller's own bytes, forwarded unchanged when nothing needs
 * rewriting) and returns the engine's response (status, JSON body, x-amz-crc32). Throws AwsError for
 * what DynamoDB refuses before the engine: unknown operation, malformed input, access denied.
 */
export async function executeDynamoDb(
  deps: DynamoDbExecuteDeps,
  operation: string,
  input: Input,
  context: OperationContext,
  body?: Buffer,
): Promise<LocalResponse> {
  const reader = Object.hasOwn(DYNAMODB_OPERATIONS, operation) ? DYNAMODB_OPERATIONS[operation] : undefined;
  if (reader === undefined) {
    throw new AwsError("UnknownOperationException", `Unknown operation ${operation}`, 400, CORAL_NAMESPACE);
  }
  checkInputTypes(input, operation); // DynamoDB Local answers 500 where DynamoDB answers 400
  const { account, region } = { account: context.caller.account, region: context.region };
  const accesses = reader(input);
  const locations = new Map<string, TableLocation>();
  for (const access of accesses) {
    const where = access.table === undefined ? undefined : locateTable(access.table, account, region);
    if (where !== undefined) locations.set(where.given, where);
    const arn = where === undefined ? "*" : tableArn(where.region, where.account, where.name);
    const resource = access.index === undefined || arn === "*" ? arn : `${arn}/index/${access.index}`;
    const decision = authorizeCall(deps.authorizer, context, {
      action: access.action,
      resource,
      resourceAccount: where?.account ?? account,
      resourcePolicy:
        where === undefined ? undefined : deps.tables.resourcePolicy(where.account, where.region, where.name),
    });
    if (!decision.allowed) {
      throw new AwsError(
        "AccessDeniedException",
        accessDeniedMessage(context.caller.principal, access.action, resource, decision),
        400,
        CORAL_NAMESPACE,
      );
    }
  }
  const databases = groupByDatabase([...locations.values()]);
  const target = databases.keys().next().value ?? `${account}/${region}`;
  if (databases.size > 1) {
    if (BATCH.has(operation)) return splitBatch(deps, operation, input, databases);
    throw new AwsError(
      "ValidationException",
      `accountmesh runs each account's tables in its own engine database: a ${operation} over tables of ${[...databases.keys()].join(" and ")} cannot be atomic locally. Split it per account.`,
    );
  }
  const byArn = namesAnyTableByArn(accesses.map((a) => a.table));
  const [targetAccount = account, targetRegion = region] = target.split("/");
  const response = await deps.engine.forward(
    targetAccount,
    targetRegion,
    `${DYNAMODB_TARGET_PREFIX}.${operation}`,
    !byArn && body !== undefined ? body : json(withTableNames(operation, input, account, region)),
  );
  if (!byArn || !BATCH.has(operation) || response.status !== 200) return response;
  return rekeyed(response, new Map([...locations.values()].map((l) => [l.name, l.given])));
}

function groupByDatabase(locations: readonly TableLocation[]): Map<string, TableLocation[]> {
  const groups = new Map<string, TableLocation[]>();
  for (const location of locations) {
    const key = `${location.account}/${location.region}`;
    groups.set(key, [...(groups.get(key) ?? []), location]);
  }
  return groups;
}

/** A batch over several accounts: one engine request per account, the answers merged into one. */
async function splitBatch(
  deps: DynamoDbExecuteDeps,
  operation: string,
  input: Input,
  databases: ReadonlyMap<string, readonly TableLocation[]>,
): Promise<LocalResponse> {
  const items = input.RequestItems as Record<string, unknown>;
  const merged: Record<string, Record<string, unknown> | unknown[]> = {};
  let last: LocalResponse | undefined;
  for (const [database, locations] of databases) {
    const [account = "", region = ""] = database.split("/");
    const part = {
      ...input,
      RequestItems: Object.fromEntries(locations.map((l) => [l.name, items[l.given]])),
    };
    const response = await deps.engine.forward(
      account,
      region,
      `${DYNAMODB_TARGET_PREFIX}.${operation}`,
      json(part),
    );
    if (response.status !== 200) return response;
    last = response;
    const output = withGivenTableKeys(parse(response), new Map(locations.map((l) => [l.name, l.given])));
    for (const [member, value] of Object.entries(output)) {
      const existing = merged[member];
      if (Array.isArray(value)) merged[member] = [...(Array.isArray(existing) ? existing : []), ...value];
      else if (value !== null && typeof value === "object")
        merged[member] = {
          ...(existing as Record<string, unknown> | undefined),
          ...(value as Record<string, unknown>),
        };
    }
  }
  return withBody(last as LocalResponse, merged);
}

function rekeyed(response: LocalResponse, givenByName: ReadonlyMap<string, string>): LocalResponse {
  return withBody(response, withGivenTableKeys(parse(response), givenByName));
}

function parse(response: LocalResponse): Record<string, unknown> {
  const text = typeof response.body === "string" ? response.body : response.body.toString("utf8");
  return JSON.parse(text === "" ? "{}" : text) as Record<string, unknown>;
}

/** The response with a new JSON body and its x-amz-crc32 recomputed (SDKs check it). */
function withBody(response: LocalResponse, output: unknown): LocalResponse {
  const body = json(output);
  return { ...response, headers: { ...response.headers, "x-amz-crc32": String(crc32(body)) }, body };
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
