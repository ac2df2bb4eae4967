// Loads the real, already synthesized /work/main/cdk.out (read-only) and provisions it with
// recording fake providers: proves the engine wires the orders system's cross-account values.
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { assemblyFingerprint } from "./assembly-fingerprint.js";
import { isRecord } from "./intrinsic-values.js";
import { loadAssembly } from "./load-assembly.js";
import { provisionAssembly } from "./provision.js";
import type { CloudAssemblyModel, ProvisionedSystem, ResolvedResource, ResourceProvider } from "./types.js";
import { formatUnsupportedReport } from "./unsupported-features.js";

const CDK_OUT = fileURLToPath(new URL("../../../cdk.out", import.meta.url));
const LEFT_WITHOUT_PROVIDER = "AWS::EC2::FlowLog";
const INERT = new Map([["AWS::CDK::Metadata", "CDK analytics metadata"]]);
const NOT_HONOURED = { type: "AWS::Lambda::Function", property: "Architectures" };

/** Every (type → top-level properties, GetAtt attribute names) the templates use. */
function inventory(model: CloudAssemblyModel) {
  const types = new Map<string, { properties: Set<string>; attributes: Set<string> }>();
  const entry = (type: string) => {
    const known = types.get(type) ?? { properties: new Set<string>(), attributes: new Set<string>() };
    types.set(type, known);
    return known;
  };
  for (const stack of model.stacks) {
    const resources = stack.template.Resources;
    for (const resource of Object.values(resources)) {
      for (const name of Object.keys(resource.Properties ?? {})) entry(resource.Type).properties.add(name);
    }
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      if (!isRecord(node)) return;
      const getAtt = node["Fn::GetAtt"];
      if (Array.isArray(getAtt) && typeof getAtt[0] === "string" && typeof getAtt[1] === "string") {
        entry(resources[getAtt[0]]?.Type ?? "").attributes.add(getAtt[1]);
      }
      Object.values(node).forEach(visit);
    };
    visit(stack.template);
  }
  return types;
}

let model: CloudAssemblyModel;
let system: ProvisionedSystem;
const created: ResolvedResource[] = [];
const refs = new Map<string, string>();
const attributesOf = new Map<string, Record<string, unknown>>();
let fingerprintBefore: string;
/** Every stack of cdk.out, in the model's deploy order. */
let allStackIds: string[];

beforeAll(async () => {
  fingerprintBefore = await assemblyFingerprint(CDK_OUT);
  const whole = await loadAssembly(CDK_OUT);
  allStackIds = whole.stacks.map((stack) => stack.id);
  // The orders system's stacks (cdk.out holds every reference system).
  model = { ...whole, stacks: whole.stacks.filter((stack) => stack.id.startsWith("Orders")) };
  const providers: ResourceProvider[] = [...inventory(model)]
    .filter(([type]) => type !== LEFT_WITHOUT_PROVIDER && !INERT.has(type))
    .map(([type, { properties, attributes }]) => ({
      type,
      properties: [...properties].filter((p) => !(type === NOT_HONOURED.type && p === NOT_HONOURED.property)),
      create: async (resource) => {
        created.push(resource);
        const key = `${resource.stack.id}/${resource.logicalId}`;
        const ref = `ref-${resource.stack.account}-${resource.logicalId}`;
        const values = Object.fromEntries(
          [...attributes].map((name) => {
            if (name === "NetworkInterfaceIds")
              return [name, [`eni-${resource.logicalId}-1`, `eni-${resource.logicalId}-2`]];
            if (type === "Custom::AWSCDKCfnJsonStringify")
              return [name, JSON.stringify(resource.properties.Value)];
            return [name, `${type}:${resource.logicalId}.${name}`];
          }),
        );
        refs.set(key, ref);
        attributesOf.set(key, values);
        return { ref, attributes: values };
      },
    }));
  system = await provisionAssembly(model, {
    providers,
    inertTypes: INERT,
    resolveDynamicReference: () => "unused",
  });
});

/** How many resources of `type` the templates hold (with `property` set, if given). */
function countOf(type: string, property?: string): number {
  return model.stacks
    .flatMap((s) => Object.values(s.template.Resources))
    .filter((r) => r.Type === type && (property === undefined || r.Properties?.[property] !== undefined))
    .length;
}

function createdOf(stack: string, type: string): ResolvedResource[] {
  return created.filter((r) => r.stack.id === stack && r.type === type);
}

function executeApiEndpoint(): ResolvedResource {
  const endpoints = createdOf("OrdersConsumer", "AWS::EC2::VPCEndpoint");
  const [endpoint] = endpoints.filter((e) => String(e.properties.ServiceName).endsWith(".execute-api"));
  if (!endpoint) throw new Error("the consumer has no execute-api VPC endpoint");
  return endpoint;
}

describe("the real cdk.out of the orders system", () => {
  it("loads the orders system's three stacks in three accounts, the consumer first (the directory's beside them)", () => {
    expect(
      model.stacks.filter((s) => s.id.startsWith("Orders")).map((s) => [s.id, s.account, s.region]),
    ).toEqual([
      ["OrdersConsumer", "111111111111", "eu-central-1"],
      ["OrdersFood", "222222222222", "eu-central-1"],
      ["OrdersBeverage", "333333333333", "eu-central-1"],
    ]);
    const ids = allStackIds;
    expect(ids.indexOf("DirectoryShared")).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf("DirectoryShared")).toBeLessThan(ids.indexOf("DirectoryBlue"));
    expect(ids.indexOf("DirectoryShared")).toBeLessThan(ids.indexOf("DirectoryGreen"));
    expect(system.stacks.map((s) => s.artifact.id)).toEqual(model.stacks.map((s) => s.id));
  });

  it("gives each microservice's private RestApi the consumer's execute-api VPC endpoint (Fn::GetStackOutput)", () => {
    const endpointRef = refs.get(`OrdersConsumer/${executeApiEndpoint().logicalId}`);
    expect(endpointRef).toBe(`ref-111111111111-${executeApiEndpoint().logicalId}`);
    for (const stack of ["OrdersFood", "OrdersBeverage"]) {
      const [api] = createdOf(stack, "AWS::ApiGateway::RestApi");
      expect(api?.properties.EndpointConfiguration).toEqual({
        Types: ["PRIVATE"],
        VpcEndpointIds: [endpointRef],
      });
      const policy = api?.properties.Policy as { Statement: { Condition?: unknown }[] } | undefined;
      const statements = policy?.Statement ?? [];
      expect(statements.map((s) => s.Condition).filter(Boolean)).toEqual([
        { StringNotEquals: { "aws:SourceVpce": endpointRef } },
      ]);
    }
  });

  it("maps every Lambda function's Code.S3Key to an existing asset directory of its stack", () => {
    const functions = created.filter((r) => r.type === "AWS::Lambda::Function");
    expect(functions).toHaveLength(countOf("AWS::Lambda::Function"));
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      const code = fn.properties.Code as { S3Key: string };
      const asset = fn.stack.assets.get(code.S3Key);
      expect(asset, `${fn.stack.id}/${fn.logicalId}`).toMatchObject({
        packaging: "zip",
        objectKey: code.S3Key,
      });
      expect(statSync(asset?.path ?? "").isDirectory()).toBe(true);
    }
  });

  it("passes the endpoint's network interface ids through the JSON-stringify custom resource", () => {
    const endpoint = executeApiEndpoint();
    const [addresses] = createdOf("OrdersConsumer", "Custom::VpcEndpointAddresses");
    const call = JSON.parse(String(addresses?.properties.Create)) as {
      parameters: { NetworkInterfaceIds: unknown };
    };
    expect(call.parameters.NetworkInterfaceIds).toEqual(
      attributesOf.get(`OrdersConsumer/${endpoint.logicalId}`)?.NetworkInterfaceIds,
    );
  });

  it("evaluates the stacks' outputs", () => {
    const [consumer, food] = system.stacks;
    const endpointRef = refs.get(`OrdersConsumer/${executeApiEndpoint().logicalId}`);
    expect(consumer?.outputs.get("ExecuteApiEndpointId")?.value).toBe(endpointRef);
    const api = createdOf("OrdersFood", "AWS::ApiGateway::RestApi")[0];
    expect(food?.outputs.get("RestApiId")?.value).toBe(refs.get(`OrdersFood/${api?.logicalId}`));
    expect(food?.outputs.get("MicroserviceApiEndpoint4F5295C5")?.value).toMatch(
      /^https:\/\/ref-222222222222-\w+\.execute-api\.eu-central-1\.amazonaws\.com\/ref-222222222222-\w+\/$/,
    );
  });

  it("reports the types left without provider, the inert type and the property not honoured", () => {
    expect(system.unsupported).toEqual([
      expect.objectContaining({
        kind: "resource-type",
        name: LEFT_WITHOUT_PROVIDER,
        count: countOf(LEFT_WITHOUT_PROVIDER),
      }),
      expect.objectContaining({
        kind: "property",
        name: `${NOT_HONOURED.type}.${NOT_HONOURED.property}`,
        count: countOf(NOT_HONOURED.type, NOT_HONOURED.property),
      }),
      expect.objectContaining({
        kind: "inert-type",
        name: "AWS::CDK::Metadata",
        count: countOf("AWS::CDK::Metadata"),
      }),
    ]);
    const report = formatUnsupportedReport(system.unsupported).join("\n");
    expect(report).toContain(
      `resources not created locally (placeholder Ref and attributes in AWS's formats) (1):\n  AWS::EC2::FlowLog ×${countOf(LEFT_WITHOUT_PROVIDER)} (OrdersConsumer/NetworkVpcFlowLog`,
    );
    expect(report).toContain(
      `AWS::CDK::Metadata ×${countOf("AWS::CDK::Metadata")} (e.g. OrdersConsumer/CDKMetadata) — CDK analytics metadata`,
    );
    const flowLog = system.stacks[0]?.resources.get(system.unsupported[0]?.where.split("/")[1] ?? "");
    expect(flowLog).toMatchObject({ type: LEFT_WITHOUT_PROVIDER, status: "unsupported" });
    expect(flowLog?.attributes.Arn).toMatch(
      /^arn:aws:ec2:eu-central-1:111111111111:flow-log\/OrdersConsumer-/,
    );
  });

  it("leaves cdk.out untouched", async () => {
    expect(await assemblyFingerprint(CDK_OUT)).toBe(fingerprintBefore);
  });
});
