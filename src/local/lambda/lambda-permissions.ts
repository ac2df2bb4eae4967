// The resource-based policies of functions, built from AWS::Lambda::Permission the way Lambda's
// AddPermission builds them: who may invoke a function (a service principal such as
// apigateway.amazonaws.com, an account, a role), restricted by AWS:SourceArn (ArnLike) and
// AWS:SourceAccount (StringEquals).
import type { PolicyDocument, PolicyStatement } from "../iam/types.js";

export interface LambdaPermission {
  /** Statement id (the Permission's physical id). */
  readonly sid: string;
  /** Unqualified function ARN. */
  readonly functionArn: string;
  /** e.g. `lambda:InvokeFunction`. */
  readonly action: string;
  /** Service principal (`apigateway.amazonaws.com`), 12-digit account id, principal ARN or `*`. */
  readonly principal: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
}

export interface PermissionRequest {
  readonly functionArn: string;
  /** Service principal of a calling service, or the ARN of a calling IAM principal. */
  readonly principal: string;
  /** Default `lambda:InvokeFunction`. */
  readonly action?: string;
  /** The ARN of the resource the call comes from (aws:SourceArn), e.g. an API's execute-api ARN. */
  readonly sourceArn?: string;
  /** The account that owns that resource (aws:SourceAccount). */
  readonly sourceAccount?: string;
}

interface CompiledPermission {
  readonly permission: LambdaPermission;
  readonly action: RegExp;
  readonly sourceArn?: (arn: string) => boolean;
}

const ACCOUNT_ID = /^\d{12}$/;

function wildcard(pattern: string, flags = ""): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replaceAll("*", ".*")
    .replaceAll("?", ".");
  return new RegExp(`^${body}$`, flags);
}

/** The six colon-separated parts of an ARN (the resource part keeps its colons). */
function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(":");
  return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/** ArnLike: each of the six parts matched on its own, with `*` and `?` wildcards, case-sensitive. */
export function compileArnLike(pattern: string): (arn: string) => boolean {
  const parts = arnParts(pattern);
  if (parts === undefined) {
    // A pattern that is not an ARN can still match as a whole (e.g. `*`).
    const whole = wildcard(pattern);
    return (arn) => whole.test(arn);
  }
  const matchers = parts.map((part) => wildcard(part));
  return (arn) => {
    const candidate = arnParts(arn);
    return candidate !== undefined && matchers.every((matcher, i) => matcher.test(candidate[i] ?? ""));
  };
}

function principalMatches(granted: string, caller: string): boolean {
  if (granted === "*") {
    return true;
  }
  if (ACCOUNT_ID.test(granted)) {
    // An account principal covers the account's root and every IAM principal in it.
    return caller === granted || arnParts(caller)?.[4] === granted;
  }
  if (granted.endsWith(".amazonaws.com")) {
    return granted.toLowerCase() === caller.toLowerCase();
  }
  return granted === caller;
}

function principalElement(principal: string): PolicyStatement["Principal"] {
  if (principal === "*") {
    return "*";
  }
  if (ACCOUNT_ID.test(principal)) {
    return { AWS: `arn:aws:iam::${principal}:root` };
  }
  return principal.startsWith("arn:") ? { AWS: principal } : { Service: principal };
}

/** The Lambda resource policies of a system, per function. */
export class LambdaPermissions {
  readonly #byFunction = new Map<string, CompiledPermission[]>();

  add(permission: LambdaPermission): void {
    const compiled: CompiledPermission = {
      permission,
      action: wildcard(permission.action, "i"),
      ...(permission.sourceArn === undefined ? {} : { sourceArn: compileArnLike(permission.sourceArn) }),
    };
    const list = this.#byFunction.get(permission.functionArn) ?? [];
    list.push(compiled);
    this.#byFunction.set(permission.functionArn, list);
  }

  statementsFor(functionArn: string): readonly LambdaPermission[] {
    return (this.#byFunction.get(functionArn) ?? []).map((compiled) => compiled.permission);
  }

  /** True when some statement of the function's resource policy allows the request. */
  allows(request: PermissionRequest): boolean {
    const action = request.action ?? "lambda:InvokeFunction";
    return (this.#byFunction.get(request.functionArn) ?? []).some((compiled) => {
      const { permission } = compiled;
      if (!compiled.action.test(action) || !principalMatches(permission.principal, request.principal)) {
        return false;
      }
      if (
        compiled.sourceArn !== undefined &&
        (request.sourceArn === undefined || !compiled.sourceArn(request.sourceArn))
      ) {
        return false;
      }
      return permission.sourceAccount === undefined || permission.sourceAccount === request.sourceAccount;
    });
  }

  /** The function's resource policy as Lambda's GetPolicy shows it, for the shared policy evaluator. */
  policy(functionArn: string): PolicyDocument | undefined {
    const statements = this.statementsFor(functionArn);
    if (statements.length === 0) {
      return undefined;
    }
    return {
      Version: "2012-10-17",
      Id: "default",
      Statement: statements.map((permission) => {
        const condition: Record<string, Record<string, string>> = {};
        if (permission.sourceAccount !== undefined) {
          condition.StringEquals = { "AWS:SourceAccount": permission.sourceAccount };
        }
        if (permission.sourceArn !== undefined) {
          condition.ArnLike = { "AWS:SourceArn": permission.sourceArn };
        }
        return {
          Sid: permission.sid,
          Effect: "Allow",
          Principal: principalElement(permission.principal),
          Action: permission.action,
          Resource: permission.functionArn,
          ...(Object.keys(condition).length === 0 ? {} : { Condition: condition }),
        } satisfies PolicyStatement;
      }),
    };
  }
}
