// The JSON types of a DynamoDB request's members, checked before the engine sees them. DynamoDB
// answers a member of the wrong JSON type (`"Limit": "ten"`, `"TableName": {}`, `{"S": 1}`) with
// 400 SerializationException ("... cannot be converted to ..."); DynamoDB Local fails on the same
// input with 500 InternalFailure. Members are typed by name, as DynamoDB names them consistently
// across operations (the API model: TableName is always a string, Key always a map of
// AttributeValues, ...); unknown members are ignored, as DynamoDB ignores them, and null stands for
// an absent member.
import { AwsError, CORAL_NAMESPACE } from "../../protocol/aws-error.js";

type Shape =
  | "string"
  | "number"
  | "boolean"
  /** An object whose members are typed by name (MEMBERS). */
  | "structure"
  /** An object whose members are not typed here (Tag: its Key is a string, not a Key). */
  | "opaqueStructure"
  | "attributeValue"
  | { readonly list: Shape }
  | { readonly map: Shape };

const item: Shape = { map: "attributeValue" };
const structures: Shape = { list: "structure" };

/** DynamoDB member names and their shapes (the members of the operations the runtime implements). */
const MEMBERS: Readonly<Record<string, Shape>> = {
  TableName: "string",
  IndexName: "string",
  ExclusiveStartTableName: "string",
  KeyConditionExpression: "string",
  FilterExpression: "string",
  ProjectionExpression: "string",
  ConditionExpression: "string",
  UpdateExpression: "string",
  Select: "string",
  ReturnValues: "string",
  ReturnConsumedCapacity: "string",
  ReturnItemCollectionMetrics: "string",
  ReturnValuesOnConditionCheckFailure: "string",
  ConditionalOperator: "string",
  BillingMode: "string",
  TableClass: "string",
  ClientRequestToken: "string",
  AttributeName: "string",
  AttributeType: "string",
  KeyType: "string",
  ProjectionType: "string",
  StreamViewType: "string",
  Limit: "number",
  Segment: "number",
  TotalSegments: "number",
  ReadCapacityUnits: "number",
  WriteCapacityUnits: "number",
  ConsistentRead: "boolean",
  ScanIndexForward: "boolean",
  Enabled: "boolean",
  StreamEnabled: "boolean",
  DeletionProtectionEnabled: "boolean",
  Key: item,
  Item: item,
  ExclusiveStartKey: item,
  ExpressionAttributeValues: item,
  ExpressionAttributeNames: { map: "string" },
  AttributesToGet: { list: "string" },
  NonKeyAttributes: { list: "string" },
  Keys: { list: item },
  TransactItems: structures,
  AttributeDefinitions: structures,
  KeySchema: structures,
  GlobalSecondaryIndexes: structures,
  LocalSecondaryIndexes: structures,
  GlobalSecondaryIndexUpdates: structures,
  Tags: { list: "opaqueStructure" },
  Get: "structure",
  Put: "structure",
  Delete: "structure",
  Update: "structure",
  ConditionCheck: "structure",
  PutRequest: "structure",
  DeleteRequest: "structure",
  Create: "structure",
  Projection: "structure",
  ProvisionedThroughput: "structure",
  StreamSpecification: "structure",
  SSESpecification: "structure",
  TimeToLiveSpecification: "structure",
};

/** AttributeValue members (exactly one is set; the engine says so if not). */
const ATTRIBUTE_VALUE: Readonly<Record<string, Shape>> = {
  S: "string",
  N: "string",
  B: "string",
  SS: { list: "string" },
  NS: { list: "string" },
  BS: { list: "string" },
  M: { map: "attributeValue" },
  L: { list: "attributeValue" },
  NULL: "boolean",
  BOOL: "boolean",
};

/**
 * Throws 400 SerializationException (AWS's error for a member of the wrong type) for the first member
 * of `input`, the JSON input of DynamoDB `operation`, whose JSON type does not fit its shape.
 */
export function checkInputTypes(input: Readonly<Record<string, unknown>>, operation: string): void {
  const { RequestItems: requestItems, ...rest } = input;
  checkMembers(rest, MEMBERS, "");
  if (requestItems !== undefined) {
    const entry: Shape = operation === "BatchWriteItem" ? structures : "structure";
    check(requestItems, { map: entry }, "RequestItems");
  }
}

function checkMembers(value: object, members: Readonly<Record<string, Shape>>, path: string): void {
  for (const [name, member] of Object.entries(value)) {
    const shape = Object.hasOwn(members, name) ? members[name] : undefined;
    if (shape !== undefined) check(member, shape, path === "" ? name : `${path}.${name}`);
  }
}

function check(value: unknown, shape: Shape, path: string): void {
  if (value === null) return;
  const isObject = typeof value === "object" && !Array.isArray(value);
  switch (shape) {
    case "string":
    case "boolean":
      if (typeof value !== shape) fail(path, shape, value);
      return;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
        fail(path, "number", value);
      }
      return;
    case "structure":
      if (!isObject) fail(path, "structure", value);
      checkMembers(value as object, MEMBERS, path);
      return;
    case "opaqueStructure":
      if (!isObject) fail(path, "structure", value);
      return;
    case "attributeValue":
      if (!isObject) fail(path, "AttributeValue", value);
      checkMembers(value as object, ATTRIBUTE_VALUE, path);
      return;
  }
  if ("list" in shape) {
    if (!Array.isArray(value)) fail(path, "list", value);
    for (const [index, entry] of (value as unknown[]).entries())
      check(entry, shape.list, `${path}.${index + 1}`);
    return;
  }
  if (!isObject) fail(path, "map", value);
  for (const [key, entry] of Object.entries(value as object)) check(entry, shape.map, `${path}.${key}`);
}

function fail(path: string, expected: string, value: unknown): never {
  const found = Array.isArray(value) ? "list" : typeof value === "object" ? "structure" : typeof value;
  throw new AwsError(
    "SerializationException",
    `${path}: expected ${expected === "AttributeValue" ? "an" : "a"} ${expected}, found a ${found}.`,
    400,
    CORAL_NAMESPACE,
  );
}
