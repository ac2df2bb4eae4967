// AWS::DynamoDB::Table / GlobalTable properties → the engine's CreateTable input, and the comparison
// of a wanted table with one that already exists in the engine (tables survive restarts).
import type {
  AttributeDefinition,
  CreateTableCommandInput,
  KeySchemaElement,
  Projection,
  TableDescription,
} from "@aws-sdk/client-dynamodb";

interface IndexSpec {
  readonly IndexName: string;
  readonly KeySchema: KeySchemaElement[];
  readonly Projection: Projection;
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function indexes(value: unknown): IndexSpec[] {
  return list<Partial<IndexSpec>>(value).map((i) => ({
    IndexName: i.IndexName ?? "",
    KeySchema: i.KeySchema ?? [],
    Projection: i.Projection ?? { ProjectionType: "ALL" },
  }));
}

/**
 * The CreateTable input for the engine. Capacity settings are not carried over: locally every table
 * is on-demand (BillingMode and throughput settings are inert).
 */
export function createTableInput(
  properties: Readonly<Record<string, unknown>>,
  tableName: string,
): CreateTableCommandInput {
  const gsis = indexes(properties.GlobalSecondaryIndexes);
  const lsis = indexes(properties.LocalSecondaryIndexes);
  const stream = properties.StreamSpecification as { StreamViewType?: string } | undefined;
  return {
    TableName: tableName,
    KeySchema: list<KeySchemaElement>(properties.KeySchema),
    AttributeDefinitions: list<AttributeDefinition>(properties.AttributeDefinitions),
    BillingMode: "PAY_PER_REQUEST",
    ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(lsis.length > 0 ? { LocalSecondaryIndexes: lsis } : {}),
    ...(stream?.StreamViewType === undefined
      ? {}
      : { StreamSpecification: { StreamEnabled: true, StreamViewType: stream.StreamViewType as never } }),
  };
}

function describeKeys(
  keys: readonly KeySchemaElement[] | undefined,
  types: ReadonlyMap<string, string>,
): string {
  return (keys ?? [])
    .map((k) => `${k.AttributeName}:${types.get(k.AttributeName ?? "") ?? "?"}:${k.KeyType}`)
    .join(",");
}

function typeMap(definitions: readonly AttributeDefinition[] | undefined): Map<string, string> {
  return new Map((definitions ?? []).map((d) => [d.AttributeName ?? "", d.AttributeType ?? ""]));
}

function indexShapes(
  items: readonly { IndexName?: string; KeySchema?: KeySchemaElement[] }[] | undefined,
  types: ReadonlyMap<string, string>,
): Map<string, string> {
  return new Map((items ?? []).map((i) => [i.IndexName ?? "", describeKeys(i.KeySchema, types)]));
}

/** What differs between the wanted table and the existing one (key schemas of the table and its indexes). */
export function schemaDifferences(wanted: CreateTableCommandInput, existing: TableDescription): string[] {
  const wantedTypes = typeMap(wanted.AttributeDefinitions);
  const existingTypes = typeMap(existing.AttributeDefinitions);
  const differences: string[] = [];
  const wantedKeys = describeKeys(wanted.KeySchema, wantedTypes);
  const existingKeys = describeKeys(existing.KeySchema, existingTypes);
  if (wantedKeys !== existingKeys) differences.push(`key schema ${existingKeys} → ${wantedKeys}`);
  const kinds = [
    ["global secondary index", wanted.GlobalSecondaryIndexes, existing.GlobalSecondaryIndexes],
    ["local secondary index", wanted.LocalSecondaryIndexes, existing.LocalSecondaryIndexes],
  ] as const;
  for (const [kind, wantedIndexes, existingIndexes] of kinds) {
    const a = indexShapes(wantedIndexes, wantedTypes);
    const b = indexShapes(existingIndexes, existingTypes);
    for (const name of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(name) !== b.get(name)) {
        differences.push(`${kind} ${name}: ${b.get(name) ?? "(absent)"} → ${a.get(name) ?? "(absent)"}`);
      }
    }
  }
  return differences;
}
