// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub templates.
import { describe, expect, it } from "vitest";
import { isAccountmeshError } from "../../shared/errors.js";
import { NO_VALUE } from "./intrinsic-values.js";
import { createEvaluator } from "./intrinsics.js";
import type { EvaluationSite, StackOutputQuery, SymbolLookup } from "./symbol-lookup.js";
import type { StackArtifact, Template } from "./types.js";

const site: EvaluationSite = { stack: "App", element: "Thing", path: "Properties" };

function stack(template: Partial<Template> = {}): StackArtifact {
  return {
    id: "App",
    stackName: "app-stack",
    account: "111111111111",
    region: "eu-central-1",
    template: {
      Resources: { Bucket: { Type: "AWS::S3::Bucket" }, Vpc: { Type: "AWS::EC2::VPC" } },
      ...template,
    },
    dependencies: [],
    assets: new Map(),
  };
}

const outputQueries: StackOutputQuery[] = [];
const symbols: SymbolLookup = {
  resourceRef: (id) => `${id}-ref`,
  resourceAttribute: (id, attribute) =>
    attribute === "Ipv6CidrBlocks" ? ["2600:1f14:fab:e00::/56"] : `${id}.${attribute}`,
  importValue: (name) => `imported:${name}`,
  stackOutput: (query) => {
    outputQueries.push(query);
    return `${query.account}/${query.stackName}/${query.outputName}`;
  },
};

function evaluate(
  value: unknown,
  template: Partial<Template> = {},
  resolver = (s: string, r: string) => `${s}:${r}`,
) {
  return createEvaluator({ stack: stack(template), symbols, resolveDynamicReference: resolver }).evaluate(
    value,
    site,
  );
}

function errorOf(run: () => unknown): {
  code: string;
  message: string;
  details: Readonly<Record<string, unknown>>;
} {
  try {
    run();
  } catch (error) {
    if (isAccountmeshError(error)) return error;
    throw error;
  }
  throw new Error("expected an AccountmeshError");
}

describe("Ref", () => {
  it("gives a resource's Ref value from the symbol table", () => {
    expect(evaluate({ Ref: "Bucket" })).toBe("Bucket-ref");
  });

  it("gives every pseudo parameter of the stack", () => {
    expect(evaluate({ Ref: "AWS::AccountId" })).toBe("111111111111");
    expect(evaluate({ Ref: "AWS::Region" })).toBe("eu-central-1");
    expect(evaluate({ Ref: "AWS::Partition" })).toBe("aws");
    expect(evaluate({ Ref: "AWS::StackName" })).toBe("app-stack");
    expect(evaluate({ Ref: "AWS::URLSuffix" })).toBe("amazonaws.com");
    expect(evaluate({ Ref: "AWS::NotificationARNs" })).toEqual([]);
    expect(evaluate({ Ref: "AWS::StackId" })).toMatch(
      /^arn:aws:cloudformation:eu-central-1:111111111111:stack\/app-stack\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(evaluate({ Ref: "AWS::StackId" })).toBe(evaluate({ Ref: "AWS::StackId" }));
  });

  it("gives parameter Defaults, splitting list types and resolving SSM parameter types", () => {
    const Parameters = {
      Name: { Type: "String", Default: "orders" },
      Zones: { Type: "CommaDelimitedList", Default: "a,b" },
      Version: { Type: "AWS::SSM::Parameter::Value<String>", Default: "/cdk-bootstrap/version" },
    };
    expect(evaluate({ Ref: "Name" }, { Parameters })).toBe("orders");
    expect(evaluate({ Ref: "Zones" }, { Parameters })).toEqual(["a", "b"]);
    expect(evaluate({ Ref: "Version" }, { Parameters })).toBe("ssm:/cdk-bootstrap/version");
  });

  it("fails on a parameter without Default and on an unknown name", () => {
    const Parameters = { Name: { Type: "String" } };
    expect(errorOf(() => evaluate({ Ref: "Name" }, { Parameters })).code).toBe("MISSING_PARAMETER_VALUE");
    const unknown = errorOf(() => evaluate({ A: { Ref: "Nope" } }));
    expect(unknown.code).toBe("UNKNOWN_REFERENCE");
    expect(unknown.message).toContain("App/Thing Properties.A");
  });

  it("removes AWS::NoValue from objects and lists", () => {
    expect(evaluate({ A: { Ref: "AWS::NoValue" }, B: ["x", { Ref: "AWS::NoValue" }, "y"] })).toEqual({
      B: ["x", "y"],
    });
    expect(evaluate({ Ref: "AWS::NoValue" })).toBe(NO_VALUE);
  });
});

describe("Fn::GetAtt", () => {
  it("accepts the list and the dotted string form", () => {
    expect(evaluate({ "Fn::GetAtt": ["Bucket", "Arn"] })).toBe("Bucket.Arn");
    expect(evaluate({ "Fn::GetAtt": "Bucket.Arn" })).toBe("Bucket.Arn");
    expect(evaluate({ "Fn::GetAtt": "Bucket.Outputs.Name" })).toBe("Bucket.Outputs.Name");
  });

  it("evaluates an attribute name given as an intrinsic", () => {
    const Parameters = { Attr: { Type: "String", Default: "DomainName" } };
    expect(evaluate({ "Fn::GetAtt": ["Bucket", { Ref: "Attr" }] }, { Parameters })).toBe("Bucket.DomainName");
  });

  it("fails on a resource the template does not declare", () => {
    expect(errorOf(() => evaluate({ "Fn::GetAtt": ["Ghost", "Arn"] })).code).toBe("UNKNOWN_REFERENCE");
  });
});

describe("Fn::Join, Fn::Select, Fn::Split, Fn::Base64", () => {
  it("joins evaluated values, numbers included, dropping AWS::NoValue", () => {
    expect(
      evaluate({ "Fn::Join": [":", ["arn", { Ref: "AWS::Partition" }, 42, { Ref: "AWS::NoValue" }]] }),
    ).toBe("arn:aws:42");
    expect(evaluate({ "Fn::Join": [",", { "Fn::GetAZs": "" }] })).toBe(
      "eu-central-1a,eu-central-1b,eu-central-1c",
    );
  });

  it("selects by number or numeric string and splits strings", () => {
    expect(evaluate({ "Fn::Select": ["1", ["a", "b", "c"]] })).toBe("b");
    expect(evaluate({ "Fn::Select": [2, { "Fn::Split": ["/", "a/b/c"] }] })).toBe("c");
    expect(errorOf(() => evaluate({ "Fn::Select": [3, ["a"]] })).code).toBe("INVALID_INTRINSIC");
  });

  it("encodes Base64", () => {
    expect(
      evaluate({ "Fn::Base64": { "Fn::Join": ["", ["#!/bin/bash\n", "echo ", { Ref: "AWS::Region" }]] } }),
    ).toBe(Buffer.from("#!/bin/bash\necho eu-central-1").toString("base64"));
  });
});

describe("Fn::Sub", () => {
  it("substitutes pseudo parameters, resources and attributes", () => {
    expect(evaluate({ "Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/${Vpc.CidrBlock}" })).toBe(
      "arn:aws:s3:::Bucket-ref/Vpc.CidrBlock",
    );
  });

  it("keeps ${!Literal} as the literal ${Literal}", () => {
    expect(evaluate({ "Fn::Sub": "${!Literal}-${AWS::Region}-${!Bucket.Arn}" })).toBe(
      "${Literal}-eu-central-1-${Bucket.Arn}",
    );
  });

  it("prefers the variable map, whose values may be intrinsics", () => {
    expect(
      evaluate({
        "Fn::Sub": [
          "${Bucket}@${Domain}",
          { Bucket: "mine", Domain: { "Fn::GetAtt": ["Bucket", "Domain"] } },
        ],
      }),
    ).toBe("mine@Bucket.Domain");
  });

  it("fails when a placeholder names a list", () => {
    const error = errorOf(() => evaluate({ "Fn::Sub": ["${Zones}", { Zones: ["a"] }] }));
    expect(error.code).toBe("INVALID_INTRINSIC");
    expect(error.details.intrinsic).toBe("Fn::Sub");
  });
});

describe("conditions and Fn::If", () => {
  const Parameters = { Env: { Type: "String", Default: "prod" }, Extra: { Type: "String", Default: "" } };
  const Conditions = {
    IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] },
    HasExtra: { "Fn::Not": [{ "Fn::Equals": [{ Ref: "Extra" }, ""] }] },
    ProdWithExtra: { "Fn::And": [{ Condition: "IsProd" }, { Condition: "HasExtra" }] },
    ProdOrExtra: { "Fn::Or": [{ Condition: "IsProd" }, { Condition: "HasExtra" }] },
    Loop: { "Fn::Not": [{ Condition: "Loop" }] },
  };
  const template = { Parameters, Conditions };

  it("evaluates named conditions with Equals, Not, And, Or and Condition", () => {
    const evaluator = createEvaluator({ stack: stack(template), symbols, resolveDynamicReference: () => "" });
    expect(evaluator.condition("IsProd", site)).toBe(true);
    expect(evaluator.condition("HasExtra", site)).toBe(false);
    expect(evaluator.condition("ProdWithExtra", site)).toBe(false);
    expect(evaluator.condition("ProdOrExtra", site)).toBe(true);
  });

  it("evaluates nested Fn::If, removing AWS::NoValue branches", () => {
    const value = {
      Name: { "Fn::If": ["IsProd", { "Fn::If": ["HasExtra", "extra", "plain"] }, "dev"] },
      Extra: { "Fn::If": ["HasExtra", "x", { Ref: "AWS::NoValue" }] },
      List: ["a", { "Fn::If": ["ProdWithExtra", "b", { Ref: "AWS::NoValue" }] }],
    };
    expect(evaluate(value, template)).toEqual({ Name: "plain", List: ["a"] });
  });

  it("does not evaluate the branch not taken", () => {
    expect(evaluate({ "Fn::If": ["IsProd", "ok", { Ref: "Ghost" }] }, template)).toBe("ok");
  });

  it("fails on an unknown or self-referencing condition", () => {
    expect(errorOf(() => evaluate({ "Fn::If": ["Nope", "a", "b"] }, template)).code).toBe(
      "UNKNOWN_CONDITION",
    );
    expect(errorOf(() => evaluate({ "Fn::If": ["Loop", "a", "b"] }, template)).code).toBe("CONDITION_CYCLE");
  });
});
