// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub templates.
import { describe, expect, it } from "vitest";
import { failure, modelOf, stackOf } from "./assembly.test-support.js";
import { provisionAssembly } from "./provision.js";
import { notRunnableLocally } from "./resource-properties.js";
import type { ResolvedResource, ResourceProvider, Template } from "./types.js";

/** Records what it was asked to create; Ref is `<logicalId>-id`, attribute Arn an ARN of it. */
function recorder(type: string, properties: string[], created: ResolvedResource[] = []): ResourceProvider {
  return {
    type,
    properties,
    create: async (resource) => {
      created.push(resource);
      return {
        ref: `${resource.logicalId}-id`,
        attributes: { Arn: `arn:aws:test:::${resource.logicalId}`, Ids: ["a", "b"] },
      };
    },
  };
}

const base = { inertTypes: new Map<string, string>(), resolveDynamicReference: () => "resolved" };

describe("provisionAssembly", () => {
  it("creates resources in dependency order with properties resolved from earlier results", async () => {
    const created: ResolvedResource[] = [];
    const template: Template = {
      Resources: {
        Fn: {
          Type: "Test::Function",
          Properties: {
            Role: { "Fn::GetAtt": ["Role", "Arn"] },
            Env: { TABLE: { Ref: "Table" }, IDS: { "Fn::Join": [",", { "Fn::GetAtt": ["Table", "Ids"] }] } },
            Secret: "{{resolve:secretsmanager:shared}}",
          },
        },
        Role: { Type: "Test::Role", Properties: { Name: "role" } },
        Table: { Type: "Test::Table" },
      },
      Outputs: { FnId: { Value: { Ref: "Fn" }, Export: { Name: { "Fn::Sub": "${AWS::StackName}-Fn" } } } },
    };
    const progress: string[] = [];
    const system = await provisionAssembly(modelOf(stackOf("App", "111111111111", template)), {
      ...base,
      providers: [
        recorder("Test::Function", ["Role", "Env", "Secret"], created),
        recorder("Test::Role", ["Name"], created),
        recorder("Test::Table", [], created),
      ],
      concurrency: 1,
      onProgress: (line) => progress.push(line),
    });
    expect(created.map((r) => r.logicalId)).toEqual(["Role", "Table", "Fn"]);
    expect(created[2]?.properties).toEqual({
      Role: "arn:aws:test:::Role",
      Env: { TABLE: "Table-id", IDS: "a,b" },
      Secret: "resolved",
    });
    expect(Object.isFrozen(created[2]?.properties.Env)).toBe(true);
    const [app] = system.stacks;
    expect(app?.resources.get("Fn")).toMatchObject({
      ref: "Fn-id",
      type: "Test::Function",
      status: "provisioned",
    });
    expect(app?.outputs.get("FnId")).toEqual({ value: "Fn-id", exportName: "App-Fn" });
    expect(system.unsupported).toEqual([]);
    expect(progress).toContain("App: Test::Function Fn → Fn-id");
  });

  it("reports unhonoured properties, types without provider, inert types and unsupported intrinsics", async () => {
    const template: Template = {
      Conditions: { No: { "Fn::Equals": ["a", "b"] } },
      Resources: {
        Fn: {
          Type: "Test::Function",
          Properties: { Layers: ["x"], Name: { "Fn::If": ["No", { "Fn::Transform": {} }, "n"] } },
        },
        Fn2: { Type: "Test::Function", Properties: { Layers: ["y"] } },
        Flow: { Type: "AWS::EC2::FlowLog", Properties: { Target: { Ref: "Fn" } } },
        Meta1: { Type: "AWS::CDK::Metadata" },
        Meta2: { Type: "AWS::CDK::Metadata" },
        User: { Type: "Test::Function", Properties: { Name: { Ref: "Flow" } } },
      },
    };
    const created: ResolvedResource[] = [];
    const system = await provisionAssembly(modelOf(stackOf("App", "111111111111", template)), {
      ...base,
      inertTypes: new Map([["AWS::CDK::Metadata", "CDK analytics metadata"]]),
      providers: [recorder("Test::Function", ["Name"], created)],
    });
    expect(system.unsupported).toEqual([
      { kind: "resource-type", name: "AWS::EC2::FlowLog", where: "App/Flow", count: 1 },
      { kind: "property", name: "Test::Function.Layers", where: "App/Fn", count: 2 },
      { kind: "intrinsic", name: "Fn::Transform", where: "App/Fn", count: 1 },
      {
        kind: "inert-type",
        name: "AWS::CDK::Metadata",
        where: "App/Meta1",
        count: 2,
        detail: "CDK analytics metadata",
      },
    ]);
    expect(created.find((r) => r.logicalId === "User")?.properties).toEqual({
      Name: "App-Flow-L2RPEYOHLEMZ",
    });
    expect(system.stacks[0]?.resources.get("Flow")).toMatchObject({
      ref: "App-Flow-L2RPEYOHLEMZ",
      status: "unsupported",
    });
    expect(system.stacks[0]?.resources.get("Meta1")).toMatchObject({ status: "inert" });
  });

  it("gives resources without provider placeholder Refs and attributes in AWS's formats, so the rest provisions", async () => {
    const template: Template = {
      Resources: {
        Queue: {
          Type: "AWS::SQS::Queue",
          Properties: { QueueName: { "Fn::Sub": "${AWS::StackName}-jobs" } },
        },
        Topic: { Type: "AWS::SNS::Topic" },
        Flow: { Type: "AWS::EC2::FlowLog" },
        Thing: {
          Type: "Custom::Thing",
          Properties: { ServiceToken: "arn:aws:lambda:eu-central-1:1:function:x" },
        },
        User: {
          Type: "Test::Function",
          Properties: {
            Name: {
              QueueArn: { "Fn::GetAtt": ["Queue", "Arn"] },
              QueueUrl: { Ref: "Queue" },
              QueueName: { "Fn::GetAtt": ["Queue", "QueueName"] },
              Topic: { Ref: "Topic" },
              TopicName: { "Fn::GetAtt": ["Topic", "TopicName"] },
              FlowId: { "Fn::GetAtt": ["Flow", "Id"] },
              FlowArn: { "Fn::GetAtt": ["Flow", "Arn"] },
              Custom: { "Fn::GetAtt": ["Thing", "Secret"] },
            },
          },
        },
      },
    };
    const created: ResolvedResource[] = [];
    const system = await provisionAssembly(modelOf(stackOf("App", "111111111111", template)), {
      ...base,
      providers: [recorder("Test::Function", ["Name"], created)],
    });
    expect(created[0]?.properties.Name).toEqual({
      QueueArn: "arn:aws:sqs:eu-central-1:111111111111:App-jobs",
      QueueUrl: "https://sqs.eu-central-1.amazonaws.com/111111111111/App-jobs",
      QueueName: "App-jobs",
      Topic: expect.stringMatching(/^arn:aws:sns:eu-central-1:111111111111:App-Topic-[A-Z0-9]{12}$/),
      TopicName: expect.stringMatching(/^App-Topic-[A-Z0-9]{12}$/),
      FlowId: "App-Flow-L2RPEYOHLEMZ",
      FlowArn: "arn:aws:ec2:eu-central-1:111111111111:flow-log/App-Flow-L2RPEYOHLEMZ",
      Custom: expect.stringMatching(/^App-Thing-[A-Z0-9]{12}-secret$/),
    });
    expect(system.unsupported.map((f) => [f.kind, f.name, f.where])).toEqual([
      ["resource-type", "AWS::EC2::FlowLog", "App/Flow"],
      ["resource-type", "AWS::SNS::Topic", "App/Topic"],
      ["resource-type", "AWS::SQS::Queue", "App/Queue"],
      ["resource-type", "Custom::Thing", "App/Thing"],
    ]);
    // Deterministic: the same values on every start.
    const again: ResolvedResource[] = [];
    await provisionAssembly(modelOf(stackOf("App", "111111111111", template)), {
      ...base,
      providers: [recorder("Test::Function", ["Name"], again)],
    });
    expect(again[0]?.properties).toEqual(created[0]?.properties);
  });

  it("a provider that cannot run a resource makes it a placeholder and reports why, instead of refusing", async () => {
    const python: ResourceProvider = {
      type: "Test::Svc::Function",
      properties: ["Runtime", "FunctionName"],
      create: async (resource) => {
        throw notRunnableLocally(
          resource,
          "TEST_RUNTIME",
          `Runtime ${resource.properties.Runtime}: only Node.js runs.`,
        );
      },
    };
    const template: Template = {
      Resources: {
        Fn: { Type: "Test::Svc::Function", Properties: { Runtime: "python3.12", FunctionName: "py" } },
        User: { Type: "Test::Table", Properties: { Target: { "Fn::GetAtt": ["Fn", "Arn"] } } },
      },
    };
    const created: ResolvedResource[] = [];
    const system = await provisionAssembly(modelOf(stackOf("App", "111111111111", template)), {
      ...base,
      providers: [python, recorder("Test::Table", ["Target"], created)],
    });
    expect(system.stacks[0]?.resources.get("Fn")).toMatchObject({ status: "unsupported" });
    expect(created[0]?.properties.Target).toBe("arn:aws:svc:eu-central-1:111111111111:function/py");
    expect(system.unsupported).toEqual([
      {
        kind: "resource-type",
        name: "Test::Svc::Function",
        where: "App/Fn",
        count: 1,
        detail: "Runtime python3.12: only Node.js runs.",
      },
    ]);
  });

  it("uses the values a deployment gives parameters (the legacy synthesizer's asset parameters)", async () => {
    const key = "AssetParametersabcS3VersionKey1";
    const template: Template = {
      Parameters: { [key]: { Type: "String" }, Bucket: { Type: "String" } },
      Resources: {
        Fn: {
          Type: "Test::Function",
          Properties: {
            Key: {
              "Fn::Join": [
                "",
                [
                  { "Fn::Select": [0, { "Fn::Split": ["||", { Ref: key }] }] },
                  { "Fn::Select": [1, { "Fn::Split": ["||", { Ref: key }] }] },
                ],
              ],
            },
          },
        },
      },
    };
    const stack = {
      ...stackOf("App", "111111111111", template),
      parameterValues: new Map([[key, "assets/||abc.zip"]]),
    };
    const created: ResolvedResource[] = [];
    await provisionAssembly(modelOf(stack), {
      ...base,
      providers: [recorder("Test::Function", ["Key"], created)],
    });
    expect(created[0]?.properties.Key).toBe("assets/abc.zip");
  });

  it("wraps a provider's error as PROVIDER_FAILED naming stack, logical id and type", async () => {
    const cause = new Error("port in use");
    const failing: ResourceProvider = {
      type: "Test::Table",
      properties: [],
      create: async () => Promise.reject(cause),
    };
    const error = await failure(
      provisionAssembly(
        modelOf(stackOf("App", "111111111111", { Resources: { Orders: { Type: "Test::Table" } } })),
        {
          ...base,
          providers: [failing],
        },
      ),
    );
    expect(error.code).toBe("PROVIDER_FAILED");
    expect(error.message).toBe("Creating App/Orders (Test::Table) failed: port in use");
    expect(error.details).toMatchObject({ stack: "App", logicalId: "Orders", type: "Test::Table", cause });
  });

  it("skips resources and outputs whose Condition is false", async () => {
    const created: ResolvedResource[] = [];
    const template: Template = {
      Parameters: { Env: { Type: "String", Default: "dev" } },
      Conditions: { IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] } },
      Resources: { Alarm: { Type: "Test::Table", Condition: "IsProd" }, Table: { Type: "Test::Table" } },
      Outputs: {
        AlarmId: { Condition: "IsProd", Value: { Ref: "Alarm" } },
        Maybe: { Value: { "Fn::If": ["IsProd", { Ref: "Alarm" }, "none"] } },
      },
    };
    const system = await provisionAssembly(modelOf(stackOf("App", "111111111111", template)), {
      ...base,
      providers: [recorder("Test::Table", [], created)],
    });
    expect(created.map((r) => r.logicalId)).toEqual(["Table"]);
    expect(system.stacks[0]?.skipped).toEqual(["Alarm"]);
    expect(system.stacks[0]?.resources.has("Alarm")).toBe(false);
    expect([...(system.stacks[0]?.outputs.keys() ?? [])]).toEqual(["Maybe"]);
    expect(system.stacks[0]?.outputs.get("Maybe")?.value).toBe("none");
  });

  it("rejects two providers for one type", async () => {
    const error = await failure(
      provisionAssembly(modelOf(), {
        ...base,
        providers: [recorder("Test::A", []), recorder("Test::A", [])],
      }),
    );
    expect(error.code).toBe("DUPLICATE_PROVIDER");
  });

  it("creates independent resources concurrently, never before their dependencies", async () => {
    const events: string[] = [];
    let releaseFirst: () => void = () => {};
    const firstStarted = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const provider: ResourceProvider = {
      type: "Test::Slow",
      properties: ["After"],
      create: async ({ logicalId }) => {
        events.push(`start ${logicalId}`);
        // A waits until B has started: this only finishes if both run at once.
        if (logicalId === "A") await firstStarted;
        if (logicalId === "B") releaseFirst();
        events.push(`end ${logicalId}`);
        return { ref: logicalId };
      },
    };
    const template: Template = {
      Resources: {
        A: { Type: "Test::Slow" },
        B: { Type: "Test::Slow" },
        C: { Type: "Test::Slow", Properties: { After: [{ Ref: "A" }, { Ref: "B" }] } },
      },
    };
    await provisionAssembly(modelOf(stackOf("App", "111111111111", template)), {
      ...base,
      providers: [provider],
      concurrency: 2,
    });
    expect(events.slice(0, 2)).toEqual(["start A", "start B"]);
    expect(events.indexOf("start C")).toBeGreaterThan(
      Math.max(events.indexOf("end A"), events.indexOf("end B")),
    );
  });
});
