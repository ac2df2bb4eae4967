import { describe, expect, it } from "vitest";
import { failure, stackOf } from "./assembly.test-support.js";
import { provisionAssembly } from "./provision.js";
import type { CloudAssemblyModel, ResolvedResource, ResourceProvider, StackArtifact } from "./types.js";

function provider(type: string, created: ResolvedResource[] = []): ResourceProvider {
  return {
    type,
    properties: ["Allowed", "Vpc"],
    create: async (resource) => {
      created.push(resource);
      return { ref: `${resource.stack.account}-${resource.logicalId}` };
    },
  };
}

const hub = stackOf("Hub", "111111111111", {
  Resources: { Endpoint: { Type: "Test::Endpoint" } },
  Outputs: {
    EndpointId: { Value: { Ref: "Endpoint" } },
    Exported: { Value: { Ref: "Endpoint" }, Export: { Name: "HubEndpoint" } },
  },
});

function spoke(id: string, account: string, value: unknown): StackArtifact {
  return stackOf(id, account, { Resources: { Api: { Type: "Test::Api", Properties: { Allowed: value } } } }, [
    "Hub",
  ]);
}

const getStackOutput = (outputName: string, account = "111111111111", stackName = "Hub") => ({
  "Fn::GetStackOutput": {
    StackName: stackName,
    Region: "eu-central-1",
    RoleArn: { "Fn::Sub": `arn:\${AWS::Partition}:iam::${account}:role/PublishGetStackOutputRole` },
    OutputName: outputName,
  },
});

async function provision(model: CloudAssemblyModel, created: ResolvedResource[] = []) {
  return provisionAssembly(model, {
    providers: [provider("Test::Endpoint", created), provider("Test::Api", created)],
    inertTypes: new Map(),
    resolveDynamicReference: () => "",
  });
}

describe("Fn::GetStackOutput across accounts", () => {
  it("gives the output of the stack in the account named by RoleArn", async () => {
    const created: ResolvedResource[] = [];
    const system = await provision(
      { dir: "/x", stacks: [hub, spoke("Food", "222222222222", [getStackOutput("EndpointId")])] },
      created,
    );
    expect(created.find((r) => r.logicalId === "Api")?.properties.Allowed).toEqual(["111111111111-Endpoint"]);
    expect(system.stacks.map((s) => s.artifact.id)).toEqual(["Hub", "Food"]);
  });

  it("fails with MISSING_OUTPUT naming the stack, the output and who asked", async () => {
    const error = await failure(
      provision({ dir: "/x", stacks: [hub, spoke("Food", "222222222222", getStackOutput("Nope"))] }),
    );
    expect(error.code).toBe("MISSING_OUTPUT");
    expect(error.message).toContain("Fn::GetStackOutput at Food/Api Properties.Allowed");
    expect(error.message).toContain("output Nope of stack Hub (account 111111111111");
    expect(error.message).toContain("outputs: EndpointId, Exported");
  });

  it("does not find a stack of the same name in another account", async () => {
    const error = await failure(
      provision({
        dir: "/x",
        stacks: [hub, spoke("Food", "222222222222", getStackOutput("EndpointId", "999999999999"))],
      }),
    );
    expect(error.code).toBe("MISSING_OUTPUT");
    expect(error.message).toContain("no stack named Hub in account 999999999999");
  });

  it("says so when the stack asked for deploys later", async () => {
    const early = stackOf("Food", "222222222222", {
      Resources: { Api: { Type: "Test::Api", Properties: { Allowed: getStackOutput("EndpointId") } } },
    });
    const error = await failure(provision({ dir: "/x", stacks: [early, hub] }));
    expect(error.code).toBe("MISSING_OUTPUT");
    expect(error.message).toContain("stack Hub is not provisioned yet");
  });
});

describe("Fn::ImportValue", () => {
  it("imports an export of a stack in the same account and region", async () => {
    const created: ResolvedResource[] = [];
    const sameAccount = spoke("Local", "111111111111", { "Fn::ImportValue": "HubEndpoint" });
    await provision({ dir: "/x", stacks: [hub, sameAccount] }, created);
    expect(created.find((r) => r.logicalId === "Api")?.properties.Allowed).toBe("111111111111-Endpoint");
  });

  it("does not see exports of another account", async () => {
    const otherAccount = spoke("Food", "222222222222", { "Fn::ImportValue": "HubEndpoint" });
    const error = await failure(provision({ dir: "/x", stacks: [hub, otherAccount] }));
    expect(error.code).toBe("MISSING_EXPORT");
    expect(error.message).toContain('export "HubEndpoint"');
    expect(error.message).toContain("account 222222222222");
  });

  it("rejects a second export of the same name in one account and region", async () => {
    const twin = stackOf("Twin", "111111111111", {
      Resources: {},
      Outputs: { Again: { Value: "x", Export: { Name: "HubEndpoint" } } },
    });
    expect((await failure(provision({ dir: "/x", stacks: [hub, twin] }))).code).toBe("DUPLICATE_EXPORT");
  });
});
