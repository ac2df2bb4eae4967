// Test support: any REST API written as a CloudFormation `Resources` section (the shapes CDK
// synthesizes), built through the real API Gateway providers in template order, with `Ref` and
// `Fn::GetAtt` resolved from what earlier providers returned.
import { dictionary } from "../../../../shared/dictionary.js";
import type { ResolvedResource, StackArtifact } from "../../../assembly/types.js";
import type { LocalRequest } from "../../../http/http-types.js";
import { createApiGatewayProviders } from "./api-gateway-providers.js";
import { ApiGatewayState } from "./api-gateway-state.js";

export const TEST_ACCOUNT = "444455556666";
export const TEST_REGION = "eu-west-1";

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface BuiltApi {
  readonly state: ApiGatewayState;
  /** Ref value of every resource built, by logical id. */
  readonly refs: ReadonlyMap<string, string>;
  /** The id of the (first) REST API. */
  readonly apiId: string;
}

export function testStack(account = TEST_ACCOUNT, region = TEST_REGION): StackArtifact {
  return {
    id: "TestStack",
    stackName: "TestStack",
    account,
    region,
    template: { Resources: {} },
    dependencies: [],
    assets: new Map(),
  };
}

/** Builds the API Gateway resources of `resources` in order (other types are skipped). */
export async function buildApi(
  resources: Readonly<Record<string, TemplateResource>>,
  options: { state?: ApiGatewayState; stack?: StackArtifact } = {},
): Promise<BuiltApi> {
  const state = options.state ?? new ApiGatewayState();
  const stack = options.stack ?? testStack();
  const providers = new Map(createApiGatewayProviders(state).map((p) => [p.type, p]));
  const created = new Map<string, { ref: string; attributes?: Readonly<Record<string, unknown>> }>();
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== "object" || value === null) return value;
    const record = value as Record<string, unknown>;
    if (typeof record.Ref === "string") return created.get(record.Ref)?.ref ?? `unresolved-${record.Ref}`;
    const getAtt = record["Fn::GetAtt"];
    if (Array.isArray(getAtt)) {
      const [id, name] = getAtt as [string, string];
      return created.get(id)?.attributes?.[name];
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolve(v)]));
  };
  let apiId = "";
  for (const [logicalId, { Type, Properties }] of Object.entries(resources)) {
    const provider = providers.get(Type);
    if (provider === undefined) continue;
    const properties = resolve(Properties ?? {}) as Record<string, unknown>;
    const resource: ResolvedResource = { stack, logicalId, type: Type, properties };
    const result = await provider.create(resource);
    created.set(logicalId, result);
    if (Type === "AWS::ApiGateway::RestApi" && apiId === "") apiId = result.ref;
  }
  return { state, refs: new Map([...created].map(([id, r]) => [id, r.ref])), apiId };
}

/** `https://<apiId>.execute-api.<region>.amazonaws.com`'s host name. */
export function executeApiHost(apiId: string, region = TEST_REGION): string {
  return `${apiId}.execute-api.${region}.amazonaws.com`;
}

/** A public REST API (REGIONAL) with a `{proxy+}` resource and a static `/items/{id}`, both `ANY`. */
export function proxyApiResources(
  integration: Record<string, unknown>,
  extra: Record<string, TemplateResource> = {},
): Record<string, TemplateResource> {
  return {
    Api: {
      Type: "AWS::ApiGateway::RestApi",
      Properties: { Name: "test-api", EndpointConfiguration: { Types: ["REGIONAL"] } },
    },
    Proxy: {
      Type: "AWS::ApiGateway::Resource",
      Properties: {
        RestApiId: { Ref: "Api" },
        ParentId: { "Fn::GetAtt": ["Api", "RootResourceId"] },
        PathPart: "{proxy+}",
      },
    },
    ProxyAny: {
      Type: "AWS::ApiGateway::Method",
      Properties: {
        RestApiId: { Ref: "Api" },
        ResourceId: { Ref: "Proxy" },
        HttpMethod: "ANY",
        AuthorizationType: "NONE",
        Integration: integration,
      },
    },
    Items: {
      Type: "AWS::ApiGateway::Resource",
      Properties: {
        RestApiId: { Ref: "Api" },
        ParentId: { "Fn::GetAtt": ["Api", "RootResourceId"] },
        PathPart: "items",
      },
    },
    Item: {
      Type: "AWS::ApiGateway::Resource",
      Properties: { RestApiId: { Ref: "Api" }, ParentId: { Ref: "Items" }, PathPart: "{id}" },
    },
    ItemAny: {
      Type: "AWS::ApiGateway::Method",
      Properties: {
        RestApiId: { Ref: "Api" },
        ResourceId: { Ref: "Item" },
        HttpMethod: "ANY",
        AuthorizationType: "NONE",
        Integration: integration,
      },
    },
    Deployment: { Type: "AWS::ApiGateway::Deployment", Properties: { RestApiId: { Ref: "Api" } } },
    Stage: {
      Type: "AWS::ApiGateway::Stage",
      Properties: { RestApiId: { Ref: "Api" }, StageName: "prod", DeploymentId: { Ref: "Deployment" } },
    },
    ...extra,
  };
}

/** The Lambda proxy integration of `functionArn` (what `LambdaIntegration` synthesizes). */
export function lambdaProxy(functionArn: string, region = TEST_REGION): Record<string, unknown> {
  return {
    Type: "AWS_PROXY",
    IntegrationHttpMethod: "POST",
    Uri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
  };
}

/** A request from outside every VPC to `https://<host><url>` (the public endpoint). */
export function publicRequest(
  host: string,
  url: string,
  options: {
    readonly method?: string;
    readonly headers?: Readonly<Record<string, string | readonly string[]>>;
    readonly body?: string | Buffer;
  } = {},
): LocalRequest {
  const headers = dictionary<readonly string[]>([
    ["host", [host]],
    ["user-agent", ["curl/8.5.0"]],
  ]);
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers[name.toLowerCase()] = typeof value === "string" ? [value] : value;
  }
  return {
    method: options.method ?? "GET",
    url,
    headers,
    body: typeof options.body === "string" ? Buffer.from(options.body) : (options.body ?? Buffer.alloc(0)),
    protocol: "https",
    source: { sourceIp: "198.51.100.10", via: ["entry point outside every VPC"] },
  };
}
