// Method authorization: who is calling (anonymous for NONE; the SigV4 signer for AWS_IAM) and the
// execute-api:Invoke decision against the API's resource policy, with the request context the
// network path stamped (aws:SourceVpce, aws:SourceVpc, aws:VpcSourceIp through a VPC endpoint;
// aws:SourceIp otherwise — AWS omits aws:SourceIp for requests through a VPC endpoint).

import type { LocalRequest } from "../../../../http/http-types.js";
import type {
  AuthorizationRequest,
  Authorizer,
  Caller,
  ContextValue,
  Decision,
  Principal,
} from "../../../../iam/types.js";
import { executeApiArn, maskAccount } from "../execute-api-arn.js";
import type { CallerIdentity, IdentifyContext } from "./deps.js";
import { accessDenied, expiredToken, invalidSignature, missingAuthenticationToken } from "./gateway-error.js";
import type { ApiTarget } from "./resolve-endpoint.js";
import type { Route } from "./route-request.js";

const ANONYMOUS: Caller = { principal: { kind: "anonymous" } };

/**
 * NONE methods (and requests no method matches) are anonymous; AWS_IAM methods need a valid signature
 * (service `execute-api`, the API's region): unsigned → 403 Missing Authentication Token; a signature
 * that does not verify → 403 with AWS's error type and message.
 */
export function authenticateCaller(
  route: Route | undefined,
  request: LocalRequest,
  callers: CallerIdentity | undefined,
  context: IdentifyContext,
): Caller {
  if (route?.method.authorizationType !== "AWS_IAM") {
    return ANONYMOUS;
  }
  const result = callers?.identify(request, context) ?? { kind: "anonymous" };
  switch (result.kind) {
    case "anonymous":
      throw missingAuthenticationToken(
        `unsigned request to AWS_IAM method ${route.method.httpMethod} ${route.resource.path}`,
      );
    case "invalid":
      throw result.errorType === "ExpiredTokenException"
        ? expiredToken(result.message)
        : invalidSignature(result.errorType, result.message);
    case "principal":
      return {
        principal: result.principal,
        ...(result.accessKeyId === undefined ? {} : { accessKeyId: result.accessKeyId }),
      };
  }
}

export interface AuthorizationInput {
  readonly target: ApiTarget;
  readonly route: Route | undefined;
  readonly method: string;
  readonly caller: Caller;
  readonly request: LocalRequest;
  readonly now: Date;
}

/** The request the authorizer sees; exported so the front door's tests can state it exactly. */
export function invokeAuthorizationRequest(input: AuthorizationInput): AuthorizationRequest {
  const { target, caller, request, now } = input;
  const { api } = target;
  const context: Record<string, ContextValue> = {};
  if (request.source.vpceId !== undefined) {
    context["aws:SourceVpce"] = request.source.vpceId;
    if (request.source.vpc !== undefined) {
      context["aws:SourceVpc"] = request.source.vpc.id;
    }
    context["aws:VpcSourceIp"] = request.source.sourceIp;
  } else {
    context["aws:SourceIp"] = request.source.sourceIp;
  }
  context["aws:SecureTransport"] = request.protocol === "https";
  context["aws:CurrentTime"] = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  context["aws:EpochTime"] = Math.floor(now.getTime() / 1000);
  // aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType and aws:userid follow from the principal:
  // the evaluator derives them (src/local/iam/request-scope.ts), as AWS does for every request.
  return {
    principal: caller.principal,
    action: "execute-api:Invoke",
    resource: executeApiArn(api.region, api.account, api.id, target.stage.name, input.method, target.apiPath),
    resourceAccount: api.account,
    context,
  };
}

/**
 * Evaluated when the API has a resource policy, is PRIVATE (AWS requires a policy for those) or the
 * method is AWS_IAM (the caller's identity policies decide). Otherwise there is nothing to evaluate.
 */
export function authorizeResourcePolicy(authorizer: Authorizer, input: AuthorizationInput): void {
  const { api } = input.target;
  const evaluate =
    api.policy !== undefined ||
    api.endpointTypes.includes("PRIVATE") ||
    input.route?.method.authorizationType === "AWS_IAM";
  if (!evaluate) {
    return;
  }
  const request = invokeAuthorizationRequest(input);
  const decision = authorizer.authorize(request, api.policy);
  if (!decision.allowed) {
    throw accessDenied(denialMessage(request, decision));
  }
}

/** AWS's wording, e.g. `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:...`. */
export function denialMessage(request: AuthorizationRequest, decision: Decision): string {
  const message = `User: ${userName(request.principal)} is not authorized to perform: ${request.action} on resource: ${maskAccount(request.resource)}`;
  if (decision.reason !== "explicit-deny") {
    return message;
  }
  const deny = decision.statements.find((statement) => statement.effect === "Deny");
  const where = deny?.policy.startsWith("identity:") ? "an identity-based policy" : "a resource-based policy";
  return `${message} with an explicit deny in ${where}`;
}

function userName(principal: Principal): string {
  switch (principal.kind) {
    case "anonymous":
      return "anonymous";
    case "role":
      return principal.sessionArn;
    case "root":
      return principal.arn;
    case "service":
      return principal.service;
  }
}
