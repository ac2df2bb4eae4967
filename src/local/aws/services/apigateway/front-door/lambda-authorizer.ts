// Lambda authorizers (CUSTOM methods), as the API Gateway developer guide describes them ("Use API
// Gateway Lambda authorizers", "Input to/Output from an Amazon API Gateway Lambda authorizer", "How
// API Gateway resource policies affect authorization workflow"):
// - the resource policy is evaluated first, and only an explicit Deny stops the request there;
// - TOKEN: the token header must be present, non-empty and match IdentityValidationExpression, else
//   401 without calling the function; REQUEST with caching on: every identity source must be present;
// - the function is invoked through Lambda's Invoke as apigateway.amazonaws.com with SourceArn
//   `.../<apiId>/authorizers/<id>` (or as AuthorizerCredentials' role); an error "Unauthorized" is 401,
//   any other failure or an unusable answer 500 AuthorizerConfigurationException (`{"message":null}`);
// - the returned policy is evaluated with the resource policy (Table A: an explicit Deny anywhere
//   wins, otherwise either may allow) against this request's method ARN — a cached policy too (the
//   cache is keyed by the identity source values, per stage, for the TTL);
// - principalId and the context values (stringified) reach the integration.

import { compilePolicy } from "../../../../iam/compile-policy.js";
import { evaluate } from "../../../../iam/evaluate.js";
import type { Caller, PolicyDocument } from "../../../../iam/types.js";
import type { AwsClient } from "../../../aws-client.js";
import type { ApiAuthorizer } from "../api-gateway-state.js";
import { executeApiArnPrefix } from "../execute-api-arn.js";
import { type AssumeRoleDeps, assumeRole } from "./assume-role.js";
import { invokeAuthorizationRequest } from "./authorize-resource-policy.js";
import {
  accessDenied,
  authorizerConfigurationError,
  internalServerError,
  unauthorized,
} from "./gateway-error.js";
import { buildProxyEvent, type ProxyEventInput } from "./proxy-event.js";

export interface AuthorizerDeps extends AssumeRoleDeps {
  readonly aws: AwsClient;
}

export interface AuthorizerOutcome {
  /** `principalId` and the context values, stringified ($context.authorizer.*). */
  readonly context: Readonly<Record<string, string>>;
  readonly usageIdentifierKey?: string;
}

interface CachedAnswer {
  readonly policy: PolicyDocument;
  readonly outcome: AuthorizerOutcome;
  readonly expires: number;
}

const MAX_CACHE_ENTRIES = 10_000;
const compiledPolicies = new WeakMap<PolicyDocument, ReturnType<typeof compilePolicy>>();

/** An authorizer's answer is an identity-based policy (no Principal element): compiled as one. */
function authorizerPolicyName(authorizerId: string): string {
  return `identity:authorizer:${authorizerId}`;
}

/** A policy document compiled once (documents are immutable: cached answers and resource policies). */
function compiled(document: PolicyDocument, name: string): ReturnType<typeof compilePolicy> {
  let policy = compiledPolicies.get(document);
  if (policy === undefined) {
    policy = compilePolicy(document, name);
    compiledPolicies.set(document, policy);
  }
  return policy;
}

/** Runs a CUSTOM method's Lambda authorizer; one instance (one cache) per front door. */
export class LambdaAuthorizers {
  readonly #cache = new Map<string, CachedAnswer>();

  constructor(private readonly deps: AuthorizerDeps) {}

  async authorize(input: ProxyEventInput, authorizerId: string | undefined): Promise<AuthorizerOutcome> {
    const { target } = input;
    const { api } = target;
    const authorizer = authorizerId === undefined ? undefined : api.authorizers.get(authorizerId);
    if (authorizer === undefined || authorizer.functionArn === undefined) {
      throw internalServerError(
        500,
        `authorizer ${authorizerId ?? "(none)"} of ${input.route.method.httpMethod} ${input.route.resource.path} is not a Lambda authorizer of REST API ${api.id}`,
      );
    }
    const request = invokeAuthorizationRequest({ ...input, method: input.parsed.method });
    if (api.policy !== undefined) {
      const before = this.deps.authorizer.authorize(request, api.policy);
      if (before.reason === "explicit-deny") {
        throw accessDenied(
          `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${request.resource} with an explicit deny`,
        );
      }
    }
    const identity = identityValues(authorizer, input);
    const key =
      identity === undefined
        ? undefined
        : `${target.stage.name}\u0000${authorizer.id}\u0000${identity.join("\u0000")}`;
    const now = input.now.getTime();
    let answer = key === undefined ? undefined : this.#cache.get(key);
    if (answer !== undefined && answer.expires <= now) answer = undefined;
    if (answer === undefined) {
      answer = await this.#invoke(authorizer, input, now);
      if (key !== undefined && authorizer.ttlSeconds > 0) {
        if (this.#cache.size >= MAX_CACHE_ENTRIES) this.#cache.clear();
        this.#cache.set(key, answer);
      }
    }
    // Table A: the authorizer's policy stands for the caller's identity policy (same account).
    const decision = evaluate(
      {
        ...request,
        principal: {
          kind: "role",
          account: api.account,
          arn: `arn:aws:iam::${api.account}:role/lambda-authorizer-${authorizer.id}`,
          sessionArn: `arn:aws:sts::${api.account}:assumed-role/lambda-authorizer-${authorizer.id}/${answer.outcome.context.principalId ?? ""}`,
          roleName: `lambda-authorizer-${authorizer.id}`,
        },
      },
      {
        identity: [compiled(answer.policy, authorizerPolicyName(authorizer.id))],
        ...(api.policy === undefined ? {} : { resource: compiled(api.policy, "resource") }),
      },
    );
    if (!decision.allowed) {
      const explicit = decision.reason === "explicit-deny";
      throw accessDenied(
        explicit
          ? "User is not authorized to access this resource with an explicit deny"
          : "User is not authorized to access this resource",
      );
    }
    return answer.outcome;
  }

  async #invoke(authorizer: ApiAuthorizer, input: ProxyEventInput, now: number): Promise<CachedAnswer> {
    const { api } = input.target;
    const methodArn = invokeAuthorizationRequest({ ...input, method: input.parsed.method }).resource;
    const event =
      authorizer.type === "TOKEN"
        ? { type: "TOKEN", methodArn, authorizationToken: tokenOf(authorizer, input) ?? "" }
        : requestEvent(input, methodArn);
    let caller: Caller & { account: string } = {
      principal: { kind: "service", service: "apigateway.amazonaws.com" },
      account: api.account,
      sourceArn: `${executeApiArnPrefix(api.region, api.account, api.id)}/authorizers/${authorizer.id}`,
    };
    if (authorizer.credentials !== undefined) {
      const assumed = assumeRole(this.deps, authorizer.credentials, api);
      if (typeof assumed === "string")
        throw authorizerConfigurationError(`Execution failed due to configuration error: ${assumed}`);
      caller = assumed;
    }
    let output: Record<string, unknown>;
    try {
      output = await this.deps.aws.call(
        { caller, region: api.region, requestId: input.ids.requestId },
        "lambda",
        "Invoke",
        {
          FunctionName: authorizer.functionArn,
          Payload: JSON.stringify(event),
        },
      );
    } catch (error) {
      throw authorizerConfigurationError(
        `Execution failed due to configuration error: Authorizer error: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const payload = parseJson(String(output.Payload ?? "null"));
    if (output.FunctionError !== undefined) {
      const message = (payload as { errorMessage?: unknown } | undefined)?.errorMessage;
      if (message === "Unauthorized")
        throw unauthorized(`the authorizer ${authorizer.name} answered Unauthorized`);
      throw authorizerConfigurationError(
        `Execution failed due to configuration error: Authorizer error: ${String(message)}`,
      );
    }
    return { ...authorizerAnswer(authorizer, payload), expires: now + authorizer.ttlSeconds * 1000 };
  }
}

/** The identity source values (the cache key), or undefined when there is nothing to key by; 401 when one is missing. */
function identityValues(authorizer: ApiAuthorizer, input: ProxyEventInput): string[] | undefined {
  if (authorizer.type === "TOKEN") {
    const token = tokenOf(authorizer, input);
    if (token === undefined || token.trim() === "") {
      throw unauthorized(
        `the authorization token (${authorizer.identitySources[0]?.name ?? "?"}) is missing or empty`,
      );
    }
    if (
      authorizer.validationExpression !== undefined &&
      !new RegExp(`^(?:${authorizer.validationExpression})$`).test(token)
    ) {
      throw unauthorized(
        `the authorization token does not match the validation expression ${authorizer.validationExpression}`,
      );
    }
    return [token];
  }
  if (authorizer.ttlSeconds === 0 || authorizer.identitySources.length === 0) return undefined;
  return authorizer.identitySources.map((source) => {
    const value = sourceValue(source, input);
    if (value === undefined || value === "") {
      throw unauthorized(`identity source ${source.kind}.${source.name} is missing`);
    }
    return value;
  });
}

function tokenOf(authorizer: ApiAuthorizer, input: ProxyEventInput): string | undefined {
  const source = authorizer.identitySources[0] ?? { kind: "header", name: "Authorization" };
  return sourceValue(source, input);
}

function sourceValue(
  source: ApiAuthorizer["identitySources"][number],
  input: ProxyEventInput,
): string | undefined {
  switch (source.kind) {
    case "header":
      return input.request.headers[source.name.toLowerCase()]?.at(-1);
    case "querystring":
      return input.parsed.query.filter(([name]) => name === source.name).at(-1)?.[1];
    case "stageVariables":
      return input.target.stage.variables[source.name];
    case "context":
      return source.name === "identity.sourceIp" ? input.request.source.sourceIp : undefined;
  }
}

/** The REQUEST authorizer's input: the proxy event's parts, with `type` and `methodArn`. */
function requestEvent(input: ProxyEventInput, methodArn: string): Record<string, unknown> {
  const { body: _body, isBase64Encoded: _base64, ...event } = buildProxyEvent(input);
  return { type: "REQUEST", methodArn, ...event };
}

/** principalId, policyDocument, context (string/number/boolean values) and usageIdentifierKey. */
function authorizerAnswer(
  authorizer: ApiAuthorizer,
  payload: unknown,
): { policy: PolicyDocument; outcome: AuthorizerOutcome } {
  const answer = (typeof payload === "object" && payload !== null ? payload : {}) as Record<string, unknown>;
  const policy = answer.policyDocument as PolicyDocument | undefined;
  const bad = (why: string) =>
    authorizerConfigurationError(
      `Execution failed due to configuration error: Invalid JSON in response from authorizer ${authorizer.name}: ${why}`,
    );
  if (answer.principalId === undefined || answer.principalId === null) throw bad("no principalId");
  if (typeof policy !== "object" || policy === null || policy.Statement === undefined)
    throw bad("no policyDocument");
  const context: Record<string, string> = { principalId: String(answer.principalId) };
  const values = answer.context;
  if (values !== undefined && values !== null) {
    if (typeof values !== "object" || Array.isArray(values)) throw bad("context is not a map");
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === "object" && value !== null) throw bad(`context.${name} is an object or an array`);
      context[name] = String(value);
    }
  }
  // compilePolicy never throws (a malformed statement fails closed): the policy is compiled when evaluated.
  const key = answer.usageIdentifierKey;
  return { policy, outcome: { context, ...(typeof key === "string" ? { usageIdentifierKey: key } : {}) } };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
