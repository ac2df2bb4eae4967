// DynamoDB (awsJson1_0): every supported operation is IAM-checked as the caller (`dynamodb:<Action>`
// on the table or index ARN, with the table's resource policy), then forwarded to the account's
// database in the engine; the engine's response (status, body, x-amz-crc32) comes back unchanged.

import type { Authorizer } from "../../../iam/types.js";
import type { AwsService } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage, CORAL_NAMESPACE } from "../../protocol/aws-error.js";
import { parseJsonInput } from "../../protocol/json-dispatch.js";
import type { DynamoDbEngine } from "./dynamodb-engine.js";
import { checkInputTypes } from "./dynamodb-input-types.js";
import { DYNAMODB_OPERATIONS, SINGLE_TABLE_OPERATIONS, type TableAccess } from "./dynamodb-operations.js";
import { type DynamoDbTables, tableArn } from "./dynamodb-tables.js";

const DYNAMODB_TARGET_PREFIX = "DynamoDB_20120810";

const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]+)$/;

export interface DynamoDbServiceDeps {
  readonly authorizer: Authorizer;
  readonly engine: DynamoDbEngine;
  readonly tables: DynamoDbTables;
}

interface TableLocation {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly byArn: boolean;
}

function locate(table: string, account: string, region: string): TableLocation {
  const match = TABLE_ARN.exec(table);
  if (match === null) return { account, region, name: table, byArn: false };
  const [, arnRegion, arnAccount, name] = match as unknown as [string, string, string, string];
  return { account: arnAccount, region: arnRegion, name, byArn: true };
}

export function createDynamoDbService(deps: DynamoDbServiceDeps): AwsService {
  return {
    signingName: "dynamodb",
    protocol: {
      kind: "json",
      contentType: "application/x-amz-json-1.0",
      targetPrefix: DYNAMODB_TARGET_PREFIX,
      errorNamespace: "com.amazonaws.dynamodb.v20120810",
    },
    operations: {},
    implemented: Object.keys(DYNAMODB_OPERATIONS),
    async handle(call) {
      const reader = DYNAMODB_OPERATIONS[call.operation];
      if (reader === undefined) {
        throw new AwsError(
          "UnknownOperationException",
          `Unknown operation ${call.operation}`,
          400,
          CORAL_NAMESPACE,
        );
      }
      const input = parseJsonInput(call.request.body);
      checkInputTypes(input, call.operation); // DynamoDB Local answers 500 where DynamoDB answers 400
      const accesses: readonly TableAccess[] = reader(input);
      let target: { account: string; region: string } = { account: call.caller.account, region: call.region };
      let renamed: string | undefined;
      for (const [i, access] of accesses.entries()) {
        const where =
          access.table === undefined ? undefined : locate(access.table, call.caller.account, call.region);
        if (where !== undefined) {
          if (i === 0) target = where;
          else if (where.account !== target.account || where.region !== target.region) {
            throw new AwsError(
              "ValidationException",
              "accountmesh: all tables of one request must be in the same account and region locally.",
            );
          }
          if (where.byArn) {
            if (!SINGLE_TABLE_OPERATIONS.has(call.operation)) {
              throw new AwsError(
                "ValidationException",
                `accountmesh accepts table ARNs only in single-table operations; ${call.operation} must name its tables by name.`,
              );
            }
            renamed = where.name;
          }
        }
        const arn = where === undefined ? "*" : tableArn(where.region, where.account, where.name);
        const resource = access.index === undefined || arn === "*" ? arn : `${arn}/index/${access.index}`;
        const decision = authorizeCall(deps.authorizer, call, {
          action: access.action,
          resource,
          resourceAccount: where?.account ?? call.caller.account,
          resourcePolicy:
            where === undefined
              ? undefined
              : deps.tables.resourcePolicy(where.account, where.region, where.name),
        });
        if (!decision.allowed) {
          throw new AwsError(
            "AccessDeniedException",
            accessDeniedMessage(call.caller.principal, access.action, resource, decision),
            400,
            CORAL_NAMESPACE,
          );
        }
      }
      const body =
        renamed === undefined
          ? call.request.body
          : Buffer.from(JSON.stringify({ ...input, TableName: renamed }));
      return deps.engine.forward(
        target.account,
        target.region,
        `${DYNAMODB_TARGET_PREFIX}.${call.operation}`,
        body,
      );
    },
  };
}
