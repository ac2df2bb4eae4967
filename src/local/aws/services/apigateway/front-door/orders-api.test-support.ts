// Test support: the food microservice's private REST API as OrdersFood.template.json defines it,
// built through the real resource providers, and requests as they arrive through the consumer's endpoint.
import { dictionary } from "../../../../../shared/dictionary.js";
import type { ResolvedResource, StackArtifact } from "../../../../assembly/types.js";
import type { LocalRequest, NetworkSource } from "../../../../http/http-types.js";
import { createApiGatewayProviders } from "../api-gateway-providers.js";
import { ApiGatewayState } from "../api-gateway-state.js";

export const ACCOUNT = "222222222222";
export const REGION = "eu-central-1";
export const CONSUMER_VPCE = "vpce-0c0ffee0c0ffee000";
export const CONSUMER_VPC = "vpc-0consumer00000000";
export const DOMAIN = "food.cross-account-microservices.com";
const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:OrdersFood-${name}`;
export const FUNCTIONS = {
  placeOrder: fn("PlaceOrder"),
  listOrders: fn("ListOrders"),
  getOrder: fn("GetOrder"),
};

export const STACK: StackArtifact = {
  id: "OrdersFood",
  stackName: "OrdersFood",
  account: ACCOUNT,
  region: REGION,
  template: { Resources: {} },
  dependencies: [],
  assets: new Map(),
};

export interface FixtureOptions {
  /** Extra RequestParameters on GET /orders (the template's are all optional). */
  readonly listParameters?: Readonly<Record<string, boolean>>;
  readonly stageVariables?: Readonly<Record<string, string>>;
  readonly binaryMediaTypes?: readonly string[];
  /** A REGIONAL variant (a public API) instead of the template's PRIVATE one. */
  readonly regional?: boolean;
  readonly withoutPolicy?: boolean;
  /** A resource policy instead of the template's (POLICY). */
  readonly policy?: Readonly<Record<string, unknown>>;
  readonly timeoutInMillis?: number;
  /** Extra methods: [logical id, properties without RestApiId/ResourceId] on /orders. */
  readonly extraMethods?: readonly (readonly [string, Record<string, unknown>])[];
}

/** The template's resource policy: anyone, but only through the consumer's VPC endpoint. */
export const POLICY = {
  Statement: [
    {
      Action: "execute-api:Invoke",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Resource: "execute-api:/*",
      Sid: "AllowInvoke",
    },
    {
      Action: "execute-api:Invoke",
      Condition: { StringNotEquals: { "aws:SourceVpce": CONSUMER_VPCE } },
      Effect: "Deny",
      Principal: { AWS: "*" },
      Resource: "execute-api:/*",
      Sid: "DenyOutsideConsumerEndpoint",
    },
  ],
  Version: "2012-10-17",
};

type Refs = { ref(id: string): string; att(id: string, name: string): unknown };
type Definition = readonly [
  logicalId: string,
  type: string,
  properties: (r: Refs) => Record<string, unknown>,
];

const proxy = (functionArn: string, timeout: number) => ({
  IntegrationHttpMethod: "POST",
  TimeoutInMillis: timeout,
  Type: "AWS_PROXY",
  Uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
});

function definitions(options: FixtureOptions): Definition[] {
  const timeout = options.timeoutInMillis ?? 29000;
  const api = (r: Refs) => r.ref("Api");
  return [
    [
      "Api",
      "AWS::ApiGateway::RestApi",
      () => ({
        Description: "Orders of the food microservice (private: consumer VPC endpoint only)",
        EndpointConfiguration: options.regional
          ? { Types: ["REGIONAL"] }
          : { Types: ["PRIVATE"], VpcEndpointIds: [CONSUMER_VPCE] },
        Name: "cross-account-microservices-food",
        ...(options.withoutPolicy ? {} : { Policy: options.policy ?? POLICY }),
        ...(options.binaryMediaTypes === undefined ? {} : { BinaryMediaTypes: options.binaryMediaTypes }),
        Tags: [{ Key: "accountmesh:system", Value: "orders" }],
      }),
    ],
    [
      "Account",
      "AWS::ApiGateway::Account",
      () => ({ CloudWatchRoleArn: `arn:aws:iam::${ACCOUNT}:role/ApiCloudWatch` }),
    ],
    [
      "Orders",
      "AWS::ApiGateway::Resource",
      (r) => ({ ParentId: r.att("Api", "RootResourceId"), PathPart: "orders", RestApiId: api(r) }),
    ],
    [
      "OrderId",
      "AWS::ApiGateway::Resource",
      (r) => ({ ParentId: r.ref("Orders"), PathPart: "{orderId}", RestApiId: api(r) }),
    ],
    [
      "NewOrder",
      "AWS::ApiGateway::Model",
      (r) => ({
        ContentType: "application/json",
        Name: "newOrder",
        RestApiId: api(r),
        Schema: {
          $schema: "http://json-schema.org/draft-04/schema#",
          title: "newOrder",
          type: "object",
          required: ["fullName", "food"],
          properties: {
            fullName: { type: "string", minLength: 1, maxLength: 256, pattern: "\\S" },
            food: { type: "string", enum: ["pizza", "hamburger", "salat"] },
          },
        },
      }),
    ],
    [
      "Validator",
      "AWS::ApiGateway::RequestValidator",
      (r) => ({
        Name: "validate-body-and-parameters",
        RestApiId: api(r),
        ValidateRequestBody: true,
        ValidateRequestParameters: true,
      }),
    ],
    [
      "OrdersPOST",
      "AWS::ApiGateway::Method",
      (r) => ({
        AuthorizationType: "NONE",
        HttpMethod: "POST",
        Integration: proxy(FUNCTIONS.placeOrder, timeout),
        OperationName: "placeOrder",
        RequestModels: { "application/json": r.ref("NewOrder") },
        RequestValidatorId: r.ref("Validator"),
        ResourceId: r.ref("Orders"),
        RestApiId: api(r),
      }),
    ],
    [
      "OrdersGET",
      "AWS::ApiGateway::Method",
      (r) => ({
        AuthorizationType: "NONE",
        HttpMethod: "GET",
        Integration: proxy(FUNCTIONS.listOrders, timeout),
        OperationName: "listOrders",
        RequestParameters: {
          "method.request.querystring.orderDate": false,
          "method.request.querystring.limit": false,
          "method.request.querystring.nextToken": false,
          ...options.listParameters,
        },
        RequestValidatorId: r.ref("Validator"),
        ResourceId: r.ref("Orders"),
        RestApiId: api(r),
      }),
    ],
    [
      "OrderGET",
      "AWS::ApiGateway::Method",
      (r) => ({
        AuthorizationType: "NONE",
        HttpMethod: "GET",
        Integration: proxy(FUNCTIONS.getOrder, timeout),
        OperationName: "getOrder",
        RequestParameters: { "method.request.path.orderId": true },
        RequestValidatorId: r.ref("Validator"),
        ResourceId: r.ref("OrderId"),
        RestApiId: api(r),
      }),
    ],
    ...(options.extraMethods ?? []).map(
      ([id, properties]): Definition => [
        id,
        "AWS::ApiGateway::Method",
        (r) => ({ ...properties, ResourceId: r.ref("Orders"), RestApiId: api(r) }),
      ],
    ),
    ["Deployment", "AWS::ApiGateway::Deployment", (r) => ({ Description: "orders", RestApiId: api(r) })],
    [
      "Stage",
      "AWS::ApiGateway::Stage",
      (r) => ({
        DeploymentId: r.ref("Deployment"),
        RestApiId: api(r),
        StageName: "v1",
        ...(options.stageVariables === undefined ? {} : { Variables: options.stageVariables }),
        MethodSettings: [{ HttpMethod: "*", LoggingLevel: "INFO", MetricsEnabled: true, ResourcePath: "/*" }],
      }),
    ],
    [
      "Domain",
      "AWS::ApiGateway::DomainName",
      () => ({
        DomainName: DOMAIN,
        EndpointConfiguration: { Types: ["REGIONAL"] },
        RegionalCertificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/food`,
        SecurityPolicy: "TLS_1_2",
      }),
    ],
    [
      "V1Mapping",
      "AWS::ApiGateway::BasePathMapping",
      (r) => ({
        BasePath: "v1",
        DomainName: r.ref("Domain"),
        RestApiId: api(r),
        Stage: r.ref("Stage"),
      }),
    ],
  ];
}

/** Runs the providers over the definitions in order, as the assembly engine would. */
export async function buildOrdersApi(
  options: FixtureOptions = {},
): Promise<{ state: ApiGatewayState; apiId: string }> {
  const state = new ApiGatewayState();
  const providers = new Map(createApiGatewayProviders(state).map((p) => [p.type, p]));
  const created = new Map<string, { ref: string; attributes?: Readonly<Record<string, unknown>> }>();
  const refs: Refs = {
    ref: (id) => created.get(id)?.ref ?? "",
    att: (id, name) => created.get(id)?.attributes?.[name],
  };
  for (const [logicalId, type, properties] of definitions(options)) {
    const resource: ResolvedResource = { stack: STACK, logicalId, type, properties: properties(refs) };
    const provider = providers.get(type);
    if (provider === undefined) {
      throw new Error(`no provider for ${type}`);
    }
    created.set(logicalId, await provider.create(resource));
  }
  return { state, apiId: refs.ref("Api") };
}

export interface RequestOptions {
  readonly method?: string;
  readonly host?: string;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Buffer;
  readonly source?: Partial<NetworkSource>;
}

/** A request as it arrives through the consumer's execute-api VPC endpoint (via the internal ALB). */
export function request(url: string, options: RequestOptions = {}): LocalRequest {
  // As node:http delivers them: a map without a prototype.
  const headers = dictionary<readonly string[]>([
    ["host", [options.host ?? DOMAIN]],
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
    source: {
      vpc: { id: CONSUMER_VPC, account: "111111111111" },
      vpceId: CONSUMER_VPCE,
      sourceIp: "192.168.2.17",
      via: ["proxy", "alb", CONSUMER_VPCE],
      ...options.source,
    },
  };
}
