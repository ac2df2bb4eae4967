// The request context as the evaluator reads it: keys case-insensitive, and the global keys that follow
// from the principal (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:userid, ...) filled
// in when the caller did not pass them. Sourced keys (aws:SourceVpce, aws:SourceIp, ...) come only from
// the caller. Built lazily: a decision whose statements have no conditions or variables allocates none.
import { roleIdFor } from "./iam-ids.js";
import type { VariableScope } from "./policy-variables.js";
import type { AuthorizationRequest, ContextValue, Principal } from "./types.js";

export class RequestScope implements VariableScope {
  readonly request: AuthorizationRequest;
  /** The action lower-cased once (actions match case-insensitively). */
  readonly action: string;
  private context: Map<string, ContextValue> | undefined;

  constructor(request: AuthorizationRequest) {
    this.request = request;
    this.action = request.action.toLowerCase();
  }

  get(lowerKey: string): ContextValue | undefined {
    if (this.context === undefined) {
      this.context = new Map();
      for (const [key, value] of Object.entries(this.request.context))
        this.context.set(key.toLowerCase(), value);
    }
    const value = this.context.get(lowerKey);
    return value !== undefined ? value : derivedKey(this.request.principal, lowerKey);
  }
}

/** Global context keys AWS derives from the principal and the clock. */
function derivedKey(principal: Principal, lowerKey: string): ContextValue | undefined {
  switch (lowerKey) {
    case "aws:principalarn":
      return principal.kind === "role" || principal.kind === "root" ? principal.arn : undefined;
    case "aws:principalaccount":
      return principal.kind === "role" || principal.kind === "root" ? principal.account : undefined;
    case "aws:principaltype":
      return principal.kind === "role"
        ? "AssumedRole"
        : principal.kind === "root"
          ? "Account"
          : principal.kind === "anonymous"
            ? "Anonymous"
            : undefined;
    case "aws:userid":
      return principal.kind === "role"
        ? `${roleIdFor(principal.arn)}:${sessionName(principal.sessionArn)}`
        : principal.kind === "root"
          ? principal.account
          : principal.kind === "anonymous"
            ? "anonymous"
            : undefined;
    case "aws:principalservicename":
      return principal.kind === "service" ? principal.service : undefined;
    case "aws:principalisawsservice":
      return principal.kind === "service";
    case "aws:currenttime":
      return new Date().toISOString();
    case "aws:epochtime":
      return Math.floor(Date.now() / 1000);
    default:
      return undefined;
  }
}

function sessionName(sessionArn: string): string {
  return sessionArn.slice(sessionArn.lastIndexOf("/") + 1);
}
