// Table names and table ARNs in DynamoDB requests. DynamoDB accepts a table ARN wherever it takes a
// table name — TableName of single-table operations, the keys of BatchGetItem/BatchWriteItem
// RequestItems, TableName inside TransactGetItems/TransactWriteItems — and answers batch operations
// keyed by what the caller wrote ("A map of table name or table ARN to a list of items",
// BatchGetItem API reference; UnprocessedKeys/UnprocessedItems are "in the same form as
// RequestItems"). The engine knows table names only: this module rewrites ARNs to names on the way in
// and the batch maps back on the way out.
import { AwsError } from "../../protocol/aws-error.js";

const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]+)$/;

export interface TableLocation {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  /** How the caller named the table: a name or an ARN. */
  readonly given: string;
}

/** Where a table named `table` (a name, or an ARN of any account) lives, for a caller in account/region. */
export function locateTable(table: string, account: string, region: string): TableLocation {
  const match = TABLE_ARN.exec(table);
  if (match === null) return { account, region, name: table, given: table };
  const [, arnRegion = region, arnAccount = account, name = table] = match;
  return { account: arnAccount, region: arnRegion, name, given: table };
}

type Input = Readonly<Record<string, unknown>>;

/** The input with every table ARN replaced by the table's name (the engine's view). */
export function withTableNames(operation: string, input: Input, account: string, region: string): Input {
  const nameOf = (table: unknown) =>
    typeof table === "string" ? locateTable(table, account, region).name : table;
  if (operation === "BatchGetItem" || operation === "BatchWriteItem") {
    const items = input.RequestItems as Record<string, unknown> | undefined;
    if (items === undefined || items === null || typeof items !== "object") return input;
    const renamed: Record<string, unknown> = {};
    for (const [table, request] of Object.entries(items)) {
      const name = String(nameOf(table));
      if (Object.hasOwn(renamed, name)) {
        throw new AwsError(
          "ValidationException",
          `Provided list of item keys contains duplicates: table ${name} is named twice (by name and by ARN).`,
        );
      }
      renamed[name] = request;
    }
    return { ...input, RequestItems: renamed };
  }
  if (operation === "TransactGetItems" || operation === "TransactWriteItems") {
    const items = input.TransactItems;
    if (!Array.isArray(items)) return input;
    return {
      ...input,
      TransactItems: items.map((item: unknown) => {
        if (item === null || typeof item !== "object") return item;
        return Object.fromEntries(
          Object.entries(item).map(([kind, request]) =>
            request !== null && typeof request === "object" && "TableName" in request
              ? [kind, { ...request, TableName: nameOf((request as Input).TableName) }]
              : [kind, request],
          ),
        );
      }),
    };
  }
  return typeof input.TableName === "string" ? { ...input, TableName: nameOf(input.TableName) } : input;
}

/** True when some table of the request is named by ARN (the body must be rewritten). */
export function namesAnyTableByArn(tables: readonly (string | undefined)[]): boolean {
  return tables.some((table) => table !== undefined && TABLE_ARN.test(table));
}

const BATCH_MAPS = ["Responses", "UnprocessedKeys", "UnprocessedItems", "ItemCollectionMetrics"];

/** A batch output keyed by engine table names, re-keyed by what the caller wrote (`given` by name). */
export function withGivenTableKeys(
  output: Record<string, unknown>,
  givenByName: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...output };
  for (const member of BATCH_MAPS) {
    const map = output[member];
    if (map === null || typeof map !== "object" || Array.isArray(map)) continue;
    out[member] = Object.fromEntries(
      Object.entries(map).map(([name, value]) => [givenByName.get(name) ?? name, value]),
    );
  }
  return out;
}
