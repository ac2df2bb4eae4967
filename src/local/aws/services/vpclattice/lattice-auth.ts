// VPC Lattice's auth: for a service network and then a service whose auth type is AWS_IAM, the auth
// policy attached to it must allow `vpc-lattice-svcs:Invoke` (none attached: everything is denied),
// and a signed caller's identity policies must allow too (evaluateBothSides in iam/). An unsigned
// request is the anonymous principal. The condition keys are Lattice's own (Port, RequestMethod,
// RequestPath, RequestHeader/<name>, RequestQueryString/<key>, ServiceNetworkArn, ServiceArn,
// SourceVpc, SourceVpcOwnerAccount) plus the global ones (aws:PrincipalType, aws:PrincipalArn,
// aws:PrincipalAccount, aws:SourceIp, aws:SecureTransport, aws:CurrentTime, aws:EpochTime); the source
// VPC and its owner come from the path the request took. Denials read as AWS words them:
// `AccessDeniedException: User: anonymous is not authorized to perform: vpc-lattice-svcs:Invoke on
// resource: <arn> because no service-based policy allows the vpc-lattice-svcs:Invoke action`.
// Source: VPC Lattice User Guide, "Control access to VPC Lattice services using auth policies".
import { type CompiledPolicy, compilePolicy } from "../../../iam/compile-policy.js";
import { evaluateBothSides } from "../../../iam/evaluate.js";
import type {
  AuthorizationRequest,
  ContextValue,
  Decision,
  PolicyDocument,
  Principal,
} from "../../../iam/types.js";
import type { LatticeService, ServiceNetwork } from "./lattice-state.js";

export const INVOKE = "vpc-lattice-svcs:Invoke";

export interface AuthInput {
  readonly service: LatticeService;
  readonly network: ServiceNetwork;
  readonly principal: Principal;
  readonly method: string;
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly port: number;
  readonly sourceVpc: { readonly id: string; readonly account: string };
  readonly sourceIp: string;
  readonly secure: boolean;
  readonly now: Date;
}

export interface AuthDeps {
  /** The auth policy attached to a network or service ARN. */
  authPolicy(arn: string): PolicyDocument | undefined;
  identityPolicies(principal: Principal): readonly CompiledPolicy[];
}

export type AuthOutcome = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

/** The resource a request acts on: `arn:aws:vpc-lattice:<region>:<account>:service/<id><path>`. */
export function invokeResource(service: LatticeService, path: string): string {
  return `${service.arn}${path.startsWith("/") ? path : `/${path}`}`;
}

/** The request the decision point sees (exported so tests can state the context exactly). */
export function latticeAuthorizationRequest(input: AuthInput): AuthorizationRequest {
  const context: Record<string, ContextValue> = {
    "vpc-lattice-svcs:Port": String(input.port),
    "vpc-lattice-svcs:RequestMethod": input.method,
    "vpc-lattice-svcs:RequestPath": input.path,
    "vpc-lattice-svcs:ServiceNetworkArn": input.network.arn,
    "vpc-lattice-svcs:ServiceArn": input.service.arn,
    "vpc-lattice-svcs:SourceVpc": input.sourceVpc.id,
    "vpc-lattice-svcs:SourceVpcOwnerAccount": input.sourceVpc.account,
    "aws:SourceIp": input.sourceIp,
    "aws:SecureTransport": input.secure,
    "aws:CurrentTime": input.now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    "aws:EpochTime": Math.floor(input.now.getTime() / 1000),
  };
  for (const [name, values] of Object.entries(input.headers)) {
    context[`vpc-lattice-svcs:RequestHeader/${name}`] = values.length === 1 ? (values[0] ?? "") : values;
  }
  const byKey = new Map<string, string[]>();
  for (const [key, value] of input.query) byKey.set(key, [...(byKey.get(key) ?? []), value]);
  for (const [key, values] of byKey) {
    // A repeated key becomes a multi-valued key (AWS does not document it; see docs/decisions.md §15).
    context[`vpc-lattice-svcs:RequestQueryString/${key}`] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return {
    principal: input.principal,
    action: INVOKE,
    resource: invokeResource(input.service, input.path),
    resourceAccount: input.service.account,
    context,
  };
}

/** The network's auth policy (if AWS_IAM), then the service's (if AWS_IAM). */
export function authorizeInvoke(deps: AuthDeps, input: AuthInput, compiled: PolicyCache): AuthOutcome {
  const request = latticeAuthorizationRequest(input);
  const levels = [
    { owner: input.network, kind: "network-based" },
    { owner: input.service, kind: "service-based" },
  ] as const;
  for (const { owner, kind } of levels) {
    if (owner.authType !== "AWS_IAM") continue;
    const document = deps.authPolicy(owner.arn);
    const decision: Decision =
      document === undefined
        ? { allowed: false, reason: "cross-account-resource-missing", statements: [] }
        : evaluateBothSides(request, {
            identity: deps.identityPolicies(input.principal),
            resource: compiled.get(document, `auth-policy:${owner.arn}`),
          });
    if (!decision.allowed) return { allowed: false, message: denialMessage(request, decision, kind) };
  }
  return { allowed: true };
}

function denialMessage(request: AuthorizationRequest, decision: Decision, kind: string): string {
  const user = userName(request.principal);
  const head = `AccessDeniedException: User: ${user} is not authorized to perform: ${INVOKE} on resource: ${request.resource}`;
  if (decision.reason === "explicit-deny") {
    const identity = decision.statements.some((s) => s.policy.startsWith("identity:"));
    return `${head} with an explicit deny in ${identity ? "an identity-based" : `a ${kind}`} policy`;
  }
  const side = decision.reason === "cross-account-identity-missing" ? "identity-based" : kind;
  return `${head} because no ${side} policy allows the ${INVOKE} action`;
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

/** Auth policies compiled once per document. */
export class PolicyCache {
  readonly #compiled = new WeakMap<PolicyDocument, CompiledPolicy>();

  get(document: PolicyDocument, name: string): CompiledPolicy {
    let policy = this.#compiled.get(document);
    if (policy === undefined) {
      policy = compilePolicy(document, name);
      this.#compiled.set(document, policy);
    }
    return policy;
  }
}
