// Local state of API Gateway REST APIs: what the resource providers build from the templates and the
// front door (src/local/gateway/api-gateway) reads on every request. A plain class, one per runtime.
import { AccountmeshError } from "../../../../shared/errors.js";
import type { UnsupportedFeature } from "../../../assembly/types.js";
import type { PolicyDocument } from "../../../iam/types.js";
import type { ModelValidator } from "./model-validator.js";

export type EndpointType = "PRIVATE" | "REGIONAL" | "EDGE";

export interface RestApi {
  readonly id: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly endpointTypes: readonly EndpointType[];
  readonly vpcEndpointIds: readonly string[];
  /** The resource policy, `execute-api:/...` resources already expanded to full ARNs. */
  readonly policy?: PolicyDocument;
  readonly binaryMediaTypes: readonly string[];
  /** DisableExecuteApiEndpoint: only custom domains reach the API. */
  readonly disableExecuteApiEndpoint: boolean;
  readonly rootResourceId: string;
  /** Resources by id (the root included). */
  readonly resources: Map<string, ApiResource>;
  readonly models: ModelValidator;
  readonly validators: Map<string, RequestValidator>;
  readonly stages: Map<string, Stage>;
  readonly deployments: Set<string>;
  /** Lambda (and Cognito) authorizers by id. */
  readonly authorizers: Map<string, ApiAuthorizer>;
  /** Where methods that require an API key find it: the `x-api-key` header or a Lambda authorizer's usageIdentifierKey. */
  readonly apiKeySource: "HEADER" | "AUTHORIZER";
}

/** AWS::ApiGateway::Authorizer. */
export interface ApiAuthorizer {
  readonly id: string;
  readonly name: string;
  /** COGNITO_USER_POOLS is reported at start-up; its methods fail closed (500). */
  readonly type: "TOKEN" | "REQUEST" | "COGNITO_USER_POOLS";
  /** The function of `AuthorizerUri` (TOKEN, REQUEST). */
  readonly functionArn?: string;
  /** `AuthorizerCredentials`: the role API Gateway invokes the function as. */
  readonly credentials?: string;
  readonly identitySources: readonly IdentitySource[];
  /** TOKEN: a regular expression the token must match (whole) before the function is called. */
  readonly validationExpression?: string;
  /** `AuthorizerResultTtlInSeconds` (default 300; 0 turns caching off). */
  readonly ttlSeconds: number;
}

/** `method.request.header.Authorization`, `method.request.querystring.q`, `stageVariables.v`, `context.x`. */
export interface IdentitySource {
  readonly kind: "header" | "querystring" | "stageVariables" | "context";
  readonly name: string;
}

export interface ApiResource {
  readonly id: string;
  readonly parentId?: string;
  /** `orders`, `{orderId}`, `{proxy+}`; empty for the root resource. */
  readonly pathPart: string;
  /** Full resource path: `/`, `/orders/{orderId}`. */
  readonly path: string;
  /** Methods by HTTP method (upper case), `ANY` included. */
  readonly methods: Map<string, ApiMethod>;
}

export interface ApiMethod {
  readonly httpMethod: string;
  /** UNSUPPORTED (COGNITO_USER_POOLS) is reported at start-up and fails closed. */
  readonly authorizationType: "NONE" | "AWS_IAM" | "CUSTOM" | "UNSUPPORTED";
  /** The Lambda authorizer of a CUSTOM method. */
  readonly authorizerId?: string;
  /** The method meters an API key of a usage plan of its stage (403 without a valid one). */
  readonly apiKeyRequired: boolean;
  readonly operationName?: string;
  /** `method.request.querystring.orderDate` → required. */
  readonly requestParameters: ReadonlyMap<string, boolean>;
  /** Content type (lower case, `$default` allowed) → model name. */
  readonly requestModels: ReadonlyMap<string, string>;
  readonly requestValidatorId?: string;
  readonly integration: Integration;
}

export type Integration =
  | {
      readonly type: "AWS_PROXY";
      readonly functionArn: string;
      readonly integrationHttpMethod: string;
      readonly timeoutMs: number;
    }
  /** MOCK: the request template names the status code (`{"statusCode": 200}`); no backend is called. */
  | ({ readonly type: "MOCK" } & TemplateIntegration)
  | AwsIntegration
  | { readonly type: "UNSUPPORTED"; readonly description: string };

/**
 * `Type: AWS`: an AWS service action (or a Lambda function, non-proxy) behind request and response
 * mapping templates, called as the integration's role (`Credentials`).
 */
export interface AwsIntegration extends TemplateIntegration {
  readonly type: "AWS";
  readonly target: AwsTarget;
  /** The role API Gateway assumes for the call; absent: API Gateway's own identity (Lambda only). */
  readonly credentials?: string;
  readonly timeoutMs: number;
}

/** What `Uri` names: `arn:aws:apigateway:<region>:<service>:action/<Action>` or `:path/<path>`. */
export type AwsTarget =
  | { readonly kind: "lambda"; readonly functionArn: string }
  | { readonly kind: "action"; readonly service: string; readonly region: string; readonly action: string }
  | { readonly kind: "path"; readonly service: string; readonly region: string; readonly path: string };

export type PassthroughBehavior = "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES" | "NEVER";

/** The integration request and response of a non-proxy integration. */
export interface TemplateIntegration {
  /** Content type (lower case) → request template. */
  readonly requestTemplates: ReadonlyMap<string, string>;
  readonly passthroughBehavior: PassthroughBehavior;
  /** `integration.request.{header|querystring|path}.<name>` → its source expression. */
  readonly requestParameters: Readonly<Record<string, string>>;
  readonly responses: readonly IntegrationResponse[];
}

export interface IntegrationResponse {
  readonly statusCode: number;
  /** Matched (whole) against the endpoint's status code, or a Lambda error's errorMessage; absent: the default. */
  readonly selectionPattern?: string;
  /** Content type → response template. */
  readonly responseTemplates: ReadonlyMap<string, string>;
  /** `method.response.header.<name>` → its source expression. */
  readonly responseParameters: Readonly<Record<string, string>>;
}

export interface RequestValidator {
  readonly id: string;
  readonly name: string;
  readonly validateRequestBody: boolean;
  readonly validateRequestParameters: boolean;
}

export interface Stage {
  readonly name: string;
  readonly deploymentId?: string;
  readonly variables: Readonly<Record<string, string>>;
}

export interface DomainName {
  /** Lower case, as the Host header is compared. */
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly endpointTypes: readonly EndpointType[];
  readonly certificateArn?: string;
  readonly regionalDomainName: string;
  readonly mappings: BasePathMapping[];
}

export interface BasePathMapping {
  /** Without slashes; empty for the root mapping (`(none)`). */
  readonly basePath: string;
  readonly restApiId: string;
  /** Absent: callers name the stage after the base path. */
  readonly stage?: string;
}

/** AWS::ApiGateway::ApiKey. */
export interface ApiKey {
  readonly id: string;
  readonly name: string;
  /** The key clients send in `x-api-key` (the template's Value, or a generated one). */
  readonly value: string;
  readonly enabled: boolean;
  readonly account: string;
  readonly region: string;
}

export interface Throttle {
  /** Requests per second the bucket refills with. */
  readonly rateLimit: number;
  /** The bucket's size: requests that may arrive at once. */
  readonly burstLimit: number;
}

/** AWS::ApiGateway::UsagePlan with its keys (AWS::ApiGateway::UsagePlanKey). */
export interface UsagePlan {
  readonly id: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly apiStages: readonly {
    readonly apiId: string;
    readonly stage: string;
    /** Per method: `/<resource path>/<METHOD>` → limits. */
    readonly throttle: ReadonlyMap<string, Throttle>;
  }[];
  readonly throttle?: Throttle;
  readonly quota?: {
    readonly limit: number;
    readonly period: "DAY" | "WEEK" | "MONTH";
    readonly offset: number;
  };
  readonly keyIds: Set<string>;
}

export class ApiGatewayState {
  readonly apiKeys = new Map<string, ApiKey>();
  readonly usagePlans = new Map<string, UsagePlan>();
  private readonly apis = new Map<string, RestApi>();
  private readonly domains = new Map<string, DomainName>();
  private readonly report: UnsupportedFeature[] = [];

  addRestApi(api: RestApi): void {
    if (this.apis.has(api.id)) {
      throw new AccountmeshError(
        "API_GATEWAY_DUPLICATE_REST_API",
        `REST API id ${api.id} is defined twice.`,
        {
          apiId: api.id,
        },
      );
    }
    this.apis.set(api.id, api);
  }

  restApi(id: string): RestApi | undefined {
    return this.apis.get(id);
  }

  /** The REST API a template resource points at (RestApiId), or a coded error naming the resource. */
  requireRestApi(id: unknown, where: string): RestApi {
    const api = typeof id === "string" ? this.apis.get(id) : undefined;
    if (api === undefined) {
      throw new AccountmeshError(
        "API_GATEWAY_UNKNOWN_REST_API",
        `${where}: RestApiId ${JSON.stringify(id)} names no REST API created so far. Make the resource depend on its AWS::ApiGateway::RestApi (Ref).`,
        { where, restApiId: id },
      );
    }
    return api;
  }

  restApis(): IterableIterator<RestApi> {
    return this.apis.values();
  }

  addDomainName(domain: DomainName): void {
    if (this.domains.has(domain.name)) {
      throw new AccountmeshError(
        "API_GATEWAY_DUPLICATE_DOMAIN_NAME",
        `Custom domain name ${domain.name} is defined twice (in ${domain.account} and another stack); a domain name can exist once.`,
        { domainName: domain.name },
      );
    }
    this.domains.set(domain.name, domain);
  }

  /** The custom domain for a host name (case-insensitive, port ignored by the caller). */
  domainName(name: string): DomainName | undefined {
    return this.domains.get(name.toLowerCase());
  }

  domainNames(): IterableIterator<DomainName> {
    return this.domains.values();
  }

  /** Records something in a template the local API Gateway does not honour (for the start-up report). */
  reportUnsupported(feature: Omit<UnsupportedFeature, "count">): void {
    const same = this.report.findIndex((f) => f.kind === feature.kind && f.name === feature.name);
    const existing = same >= 0 ? this.report[same] : undefined;
    if (existing !== undefined) {
      this.report[same] = { ...existing, count: existing.count + 1 };
    } else {
      this.report.push({ ...feature, count: 1 });
    }
  }

  unsupported(): readonly UnsupportedFeature[] {
    return [...this.report];
  }
}
