// AWS-named errors of the AWS layer. Each protocol serializer turns an AwsError into the shape the
// service's clients parse (JSON `__type`, query ErrorResponse, EC2 Response/Errors).
import type { Decision, Principal } from "../../iam/types.js";

/** `com.amazon.coral.service`: the namespace of authentication and authorization errors in JSON protocols. */
export const CORAL_NAMESPACE = "com.amazon.coral.service";

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** JSON `__type` namespace; undefined: the service's own namespace; `""`: none. */
  readonly namespace: string | undefined;
  /** Query protocol `<Type>`: Sender for client errors, Receiver for ours. */
  readonly fault: "Sender" | "Receiver";

  constructor(code: string, message: string, status = 400, namespace?: string) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.namespace = namespace;
    this.fault = status >= 500 ? "Receiver" : "Sender";
  }
}

export function notImplemented(service: string, operation: string, implemented: readonly string[]): AwsError {
  const available = implemented.length === 0 ? "none" : implemented.join(", ");
  return new AwsError(
    "NotImplemented",
    `accountmesh does not implement ${service}:${operation} locally (implemented ${service} operations: ${available}). ` +
      "Call it against real AWS, or open an issue if your handlers need it.",
    501,
    "",
  );
}

/** How AWS names the caller in error messages: the assumed-role session ARN for roles. */
export function principalDisplayName(principal: Principal): string {
  switch (principal.kind) {
    case "role":
      return principal.sessionArn;
    case "root":
      return principal.arn;
    case "service":
      return principal.service;
    case "anonymous":
      return "anonymous";
  }
}

/**
 * AWS's wording of a denial: `User: X is not authorized to perform: A on resource: R because ...`
 * (`resource` undefined: without the `on resource` part, as EC2 words it).
 */
export function accessDeniedMessage(
  principal: Principal,
  action: string,
  resource: string | undefined,
  decision: Decision,
): string {
  const on = resource === undefined ? "" : ` on resource: ${resource}`;
  const head = `User: ${principalDisplayName(principal)} is not authorized to perform: ${action}${on}`;
  switch (decision.reason) {
    case "explicit-deny": {
      const resourceSide = decision.statements.some(
        (s) => s.effect === "Deny" && s.policy.startsWith("resource"),
      );
      return `${head} with an explicit deny in ${resourceSide ? "a resource-based" : "an identity-based"} policy`;
    }
    case "cross-account-resource-missing":
    case "resource-policy-missing":
      return `${head} because no resource-based policy allows the ${action} action`;
    default:
      // Service and anonymous principals have no identity policies: only a resource policy could allow.
      return principal.kind === "service" || principal.kind === "anonymous"
        ? `${head} because no resource-based policy allows the ${action} action`
        : `${head} because no identity-based policy allows the ${action} action`;
  }
}
