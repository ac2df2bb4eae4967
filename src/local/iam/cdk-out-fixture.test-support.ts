// Test support: reads the orders system's synthesized templates (cdk.out, read-only) and resolves the
// few intrinsics their IAM documents use, with physical values chosen by the test.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { StackArtifact, Template } from "../assembly/types.js";

const CDK_OUT = fileURLToPath(new URL("../../../cdk.out", import.meta.url));

export const ORDERS_STACKS = {
  OrdersConsumer: "111111111111",
  OrdersFood: "222222222222",
  OrdersBeverage: "333333333333",
} as const;
export const REGION = "eu-central-1";

export function readTemplate(stackName: keyof typeof ORDERS_STACKS): Template {
  return JSON.parse(readFileSync(`${CDK_OUT}/${stackName}.template.json`, "utf8")) as Template;
}

/** A minimal StackArtifact for providers (no assets, no dependencies). */
export function stackArtifact(stackName: keyof typeof ORDERS_STACKS): StackArtifact {
  return {
    id: stackName,
    stackName,
    account: ORDERS_STACKS[stackName],
    region: REGION,
    template: readTemplate(stackName),
    dependencies: [],
    assets: new Map(),
  };
}

export interface FixtureValues {
  /** Ref values by logical id. */
  readonly refs?: ReadonlyMap<string, string>;
  /** `logicalId.Attribute` → value; a missing `X.Arn` becomes `arn:aws:fixture:<region>:<account>:X`. */
  readonly attributes?: ReadonlyMap<string, unknown>;
  /** Fn::GetStackOutput values by OutputName. */
  readonly stackOutputs?: ReadonlyMap<string, string>;
}

/** Resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub (pseudo parameters only) and Fn::GetStackOutput. */
export function resolve(value: unknown, account: string, values: FixtureValues): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, account, values));
  if (typeof value !== "object" || value === null) return value;
  const node = value as Record<string, unknown>;
  const [only] = Object.keys(node);
  if (Object.keys(node).length === 1 && only !== undefined) {
    const arg = node[only];
    switch (only) {
      case "Ref": {
        const pseudo = pseudoParameter(String(arg), account);
        if (pseudo !== undefined) return pseudo;
        const ref = values.refs?.get(String(arg));
        if (ref === undefined) throw new Error(`fixture: no Ref value for ${String(arg)}`);
        return ref;
      }
      case "Fn::GetAtt": {
        const [id, attribute] = arg as [string, string];
        const known = values.attributes?.get(`${id}.${attribute}`);
        if (known !== undefined) return known;
        if (attribute === "Arn") return `arn:aws:fixture:${REGION}:${account}:${id}`;
        throw new Error(`fixture: no value for ${id}.${attribute}`);
      }
      case "Fn::Join": {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map((p) => String(resolve(p, account, values))).join(separator);
      }
      case "Fn::Sub":
        return String(arg).replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          const pseudo = pseudoParameter(name, account);
          if (pseudo === undefined) throw new Error(`fixture: Fn::Sub variable ${name}`);
          return pseudo;
        });
      case "Fn::GetStackOutput": {
        const name = String((arg as Record<string, unknown>).OutputName);
        const output = values.stackOutputs?.get(name);
        if (output === undefined) throw new Error(`fixture: no stack output ${name}`);
        return output;
      }
    }
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v, account, values)]));
}

function pseudoParameter(name: string, account: string): string | undefined {
  if (name === "AWS::Partition") return "aws";
  if (name === "AWS::Region") return REGION;
  if (name === "AWS::AccountId") return account;
  return undefined;
}
