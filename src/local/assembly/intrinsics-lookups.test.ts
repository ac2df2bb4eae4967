// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub templates.
import { describe, expect, it } from "vitest";
import { isAccountmeshError } from "../../shared/errors.js";
import { createEvaluator } from "./intrinsics.js";
import type { EvaluationSite, StackOutputQuery, SymbolLookup } from "./symbol-lookup.js";
import type { StackArtifact, Template } from "./types.js";

const site: EvaluationSite = { stack: "App", element: "Thing", path: "Properties.Value" };

function evaluator(template: Partial<Template> = {}, queries: StackOutputQuery[] = []) {
  const stack: StackArtifact = {
    id: "App",
    stackName: "App",
    account: "222222222222",
    region: "eu-west-1",
    template: { Resources: { Vpc: { Type: "AWS::EC2::VPC" } }, ...template },
    dependencies: [],
    assets: new Map(),
  };
  const symbols: SymbolLookup = {
    resourceRef: (id) => `${id}-ref`,
    resourceAttribute: (_id, attribute) =>
      attribute === "Ipv6CidrBlocks" ? ["2600:1f14:fab:e00::/56"] : "10.0.0.0/16",
    importValue: (name) => `imported:${name}`,
    stackOutput: (query) => {
      queries.push(query);
      return "vpce-0123";
    },
  };
  return createEvaluator({ stack, symbols, resolveDynamicReference: () => "" });
}

describe("Fn::FindInMap and Fn::GetAZs", () => {
  const Mappings = { Sizes: { "eu-west-1": { Memory: 512 } } };

  it("looks up evaluated keys", () => {
    expect(
      evaluator({ Mappings }).evaluate(
        { "Fn::FindInMap": ["Sizes", { Ref: "AWS::Region" }, "Memory"] },
        site,
      ),
    ).toBe(512);
  });

  it("names the missing keys", () => {
    try {
      evaluator({ Mappings }).evaluate({ "Fn::FindInMap": ["Sizes", "us-east-1", "Memory"] }, site);
      expect.unreachable();
    } catch (error) {
      expect(isAccountmeshError(error) && error.code).toBe("MISSING_MAPPING");
      expect(String(error)).toContain("Sizes → us-east-1 → Memory");
    }
  });

  it("gives three deterministic zones for the stack's region or the one named", () => {
    expect(evaluator().evaluate({ "Fn::GetAZs": { Ref: "AWS::Region" } }, site)).toEqual([
      "eu-west-1a",
      "eu-west-1b",
      "eu-west-1c",
    ]);
    expect(evaluator().evaluate({ "Fn::Select": [0, { "Fn::GetAZs": "us-east-2" }] }, site)).toBe(
      "us-east-2a",
    );
  });
});

describe("Fn::ImportValue and Fn::GetStackOutput", () => {
  it("imports an evaluated export name", () => {
    expect(evaluator().evaluate({ "Fn::ImportValue": { "Fn::Sub": "${AWS::StackName}-VpcId" } }, site)).toBe(
      "imported:App-VpcId",
    );
  });

  it("asks for the output in the account of RoleArn and the given region", () => {
    const queries: StackOutputQuery[] = [];
    const value = evaluator({}, queries).evaluate(
      {
        "Fn::GetStackOutput": {
          StackName: "Hub",
          Region: "eu-central-1",
          RoleArn: {
            "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::111111111111:role/Reader"]],
          },
          OutputName: "EndpointId",
        },
      },
      site,
    );
    expect(value).toBe("vpce-0123");
    expect(queries).toEqual([
      { stackName: "Hub", outputName: "EndpointId", region: "eu-central-1", account: "111111111111" },
    ]);
  });

  it("defaults to the stack's own account and region", () => {
    const queries: StackOutputQuery[] = [];
    evaluator({}, queries).evaluate(
      { "Fn::GetStackOutput": { StackName: "Other", OutputName: "Out" } },
      site,
    );
    expect(queries).toEqual([
      { stackName: "Other", outputName: "Out", region: "eu-west-1", account: "222222222222" },
    ]);
  });

  it("rejects a RoleArn that is no role ARN", () => {
    expect(() =>
      evaluator().evaluate(
        { "Fn::GetStackOutput": { StackName: "Hub", OutputName: "O", RoleArn: "nope" } },
        site,
      ),
    ).toThrow(/RoleArn must be an IAM role ARN/);
  });
});

describe("Fn::Cidr, Fn::ToJsonString, Fn::Length", () => {
  it("computes subnets of an attribute's block", () => {
    const value = evaluator().evaluate(
      { "Fn::Cidr": [{ "Fn::Select": [0, { "Fn::GetAtt": ["Vpc", "Ipv6CidrBlocks"] }] }, "2", "64"] },
      site,
    );
    expect(value).toEqual(["2600:1f14:fab:e00::/64", "2600:1f14:fab:e01::/64"]);
    expect(
      evaluator().evaluate({ "Fn::Cidr": [{ "Fn::GetAtt": ["Vpc", "CidrBlock"] }, 2, 8] }, site),
    ).toEqual(["10.0.0.0/24", "10.0.1.0/24"]);
  });

  it("turns an impossible split into a coded error naming the site", () => {
    try {
      evaluator().evaluate({ "Fn::Cidr": ["10.0.0.0/24", 3, 7] }, site);
      expect.unreachable();
    } catch (error) {
      expect(isAccountmeshError(error) && error.code).toBe("INVALID_INTRINSIC");
      expect(String(error)).toContain("Fn::Cidr at App/Thing Properties.Value");
    }
  });

  it("serializes with Fn::ToJsonString and counts with Fn::Length", () => {
    expect(
      evaluator().evaluate({ "Fn::ToJsonString": { Region: { Ref: "AWS::Region" }, Ids: [1] } }, site),
    ).toBe('{"Region":"eu-west-1","Ids":[1]}');
    expect(evaluator().evaluate({ "Fn::Length": { "Fn::Split": [",", "a,b,c"] } }, site)).toBe(3);
  });
});

describe("unsupported intrinsics", () => {
  it("fail with a coded error naming stack, resource, property path and intrinsic", () => {
    try {
      evaluator().evaluate({ Deep: [{ X: { "Fn::Transform": { Name: "AWS::Include" } } }] }, site);
      expect.unreachable();
    } catch (error) {
      expect(isAccountmeshError(error) && error.code).toBe("UNSUPPORTED_INTRINSIC");
      expect(isAccountmeshError(error) && error.details).toMatchObject({
        stack: "App",
        element: "Thing",
        path: "Properties.Value.Deep[0].X",
        intrinsic: "Fn::Transform",
      });
    }
  });
});
