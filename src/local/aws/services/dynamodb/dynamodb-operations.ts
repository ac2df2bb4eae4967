// Which IAM checks each forwarded DynamoDB operation needs: the action and the table (or index) it
// touches. Batch operations check every table; transactions check the per-item actions, as IAM does.
import { AwsError } from "../../protocol/aws-error.js";

export interface TableAccess {
  /** `dynamodb:<Action>`. */
  readonly action: string;
  /** TableName as given (a name or a table ARN); undefined: the action is on `*`. */
  readonly table?: string;
  readonly index?: string;
}

type Input = Readonly<Record<string, unknown>>;
type AccessReader = (input: Input) => TableAccess[];

function validationError(message: string): AwsError {
  return new AwsError("ValidationException", message);
}

function tableName(input: Input, member = "TableName", path = "tableName"): string {
  const value = input[member];
  if (typeof value !== "string" || value === "") {
    throw validationError(
      `1 validation error detected: Value ${JSON.stringify(value ?? null)} at '${path}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

const onTable =
  (action: string): AccessReader =>
  (input) => {
    const index = typeof input.IndexName === "string" ? input.IndexName : undefined;
    return [{ action: `dynamodb:${action}`, table: tableName(input), index }];
  };

const onAccount =
  (action: string): AccessReader =>
  () => [{ action: `dynamodb:${action}` }];

const batch =
  (action: string): AccessReader =>
  (input) => {
    const items = input.RequestItems;
    if (items === null || typeof items !== "object" || Object.keys(items).length === 0) {
      throw validationError(
        "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null",
      );
    }
    return Object.keys(items).map((table) => ({ action: `dynamodb:${action}`, table }));
  };

const TRANSACT_WRITE_ACTIONS: Readonly<Record<string, string>> = {
  Put: "dynamodb:PutItem",
  Update: "dynamodb:UpdateItem",
  Delete: "dynamodb:DeleteItem",
  ConditionCheck: "dynamodb:ConditionCheckItem",
};

const transact =
  (actions: Readonly<Record<string, string>>): AccessReader =>
  (input) => {
    const items = input.TransactItems;
    if (!Array.isArray(items) || items.length === 0) {
      throw validationError(
        "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null",
      );
    }
    return items.flatMap((item: unknown, i) => {
      const entries = item !== null && typeof item === "object" ? Object.entries(item) : [];
      return entries.flatMap(([kind, request]) => {
        const action = actions[kind];
        if (action === undefined || request === null || typeof request !== "object") return [];
        return [
          {
            action,
            table: tableName(
              request as Input,
              "TableName",
              `transactItems.${i + 1}.member.${kind.toLowerCase()}.tableName`,
            ),
          },
        ];
      });
    });
  };

/** Every operation the endpoint forwards to the engine, with how to read its IAM checks. */
export const DYNAMODB_OPERATIONS: Readonly<Record<string, AccessReader>> = {
  CreateTable: onTable("CreateTable"),
  DeleteTable: onTable("DeleteTable"),
  DescribeTable: onTable("DescribeTable"),
  UpdateTable: onTable("UpdateTable"),
  DescribeTimeToLive: onTable("DescribeTimeToLive"),
  UpdateTimeToLive: onTable("UpdateTimeToLive"),
  ListTables: onAccount("ListTables"),
  DescribeLimits: onAccount("DescribeLimits"),
  GetItem: onTable("GetItem"),
  PutItem: onTable("PutItem"),
  UpdateItem: onTable("UpdateItem"),
  DeleteItem: onTable("DeleteItem"),
  Query: onTable("Query"),
  Scan: onTable("Scan"),
  BatchGetItem: batch("BatchGetItem"),
  BatchWriteItem: batch("BatchWriteItem"),
  TransactGetItems: transact({ Get: "dynamodb:GetItem" }),
  TransactWriteItems: transact(TRANSACT_WRITE_ACTIONS),
};
