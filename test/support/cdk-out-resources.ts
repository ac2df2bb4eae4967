// Resources of the synthesized cdk.out templates, resolved just enough for provider tests: Fn::Join,
// Ref (AWS::Partition and given logical ids) and Fn::GetAtt (given as "Logical.Attribute").
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedResource, StackArtifact, Template } from "../../src/local/assembly/types.js";

const CDK_OUT = join(import.meta.dirname, "..", "..", "cdk.out");
const ACCOUNTS: Record<string, string> = {
  OrdersConsumer: "111111111111",
  OrdersFood: "222222222222",
  OrdersBeverage: "333333333333",
};

export function cdkOutStack(id: string): StackArtifact {
  const template = JSON.parse(readFileSync(join(CDK_OUT, `${id}.template.json`), "utf8")) as Template;
  return {
    id,
    stackName: id,
    account: ACCOUNTS[id] ?? "000000000000",
    region: "eu-central-1",
    template,
    dependencies: [],
    assets: new Map(),
  };
}

function resolve(value: unknown, refs: Readonly<Record<string, unknown>>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, refs));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if ("Ref" in record) {
    const name = String(record.Ref);
    if (name === "AWS::Partition") return "aws";
    if (!(name in refs)) throw new Error(`test resolver: no value for Ref ${name}`);
    return refs[name];
  }
  if ("Fn::GetAtt" in record) {
    const [logicalId, attribute] = record["Fn::GetAtt"] as [string, string];
    const key = `${logicalId}.${attribute}`;
    if (!(key in refs)) throw new Error(`test resolver: no value for Fn::GetAtt ${key}`);
    return refs[key];
  }
  if ("Fn::Join" in record) {
    const [separator, parts] = record["Fn::Join"] as [string, unknown[]];
    return parts.map((p) => resolve(p, refs)).join(separator);
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolve(v, refs)]));
}

/** The resource `logicalId` of a cdk.out stack with its properties resolved through `refs`. */
export function cdkOutResource(
  stack: StackArtifact,
  logicalId: string,
  refs: Readonly<Record<string, unknown>> = {},
): ResolvedResource {
  const resource = stack.template.Resources[logicalId];
  if (resource === undefined) throw new Error(`${stack.id} has no resource ${logicalId}`);
  return {
    stack,
    logicalId,
    type: resource.Type,
    properties: resolve(resource.Properties ?? {}, refs) as Record<string, unknown>,
  };
}
