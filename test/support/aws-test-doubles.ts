// Small, honest stand-ins for the interfaces the local AWS endpoint needs (src/local/aws/deps.ts):
// a fixed credential table, an authorizer with listed identity grants and a minimal reading of
// resource policies (Principal AWS, Action, StringEquals), and a fixed EC2 view.
import type {
  CallerDirectory,
  Ec2ManagedPrefixList,
  Ec2NetworkInterface,
  Ec2View,
} from "../../src/local/aws/deps.js";
import type {
  AuthorizationRequest,
  Authorizer,
  Decision,
  PolicyDocument,
  PolicyStatement,
  Principal,
} from "../../src/local/iam/types.js";

export interface TestCaller {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly principal: Principal;
}

export function roleCaller(
  account: string,
  roleName: string,
  accessKeyId = `AKIA${roleName.toUpperCase()}${account}`,
): TestCaller {
  return {
    accessKeyId,
    secretAccessKey: `secret-of-${accessKeyId}`,
    principal: {
      kind: "role",
      account,
      arn: `arn:aws:iam::${account}:role/${roleName}`,
      roleName,
      sessionArn: `arn:aws:sts::${account}:assumed-role/${roleName}/${roleName}-session`,
    },
  };
}

export class StaticCallers implements CallerDirectory {
  private readonly byKey: Map<string, TestCaller>;
  constructor(callers: readonly TestCaller[]) {
    this.byKey = new Map(callers.map((c) => [c.accessKeyId, c]));
  }
  lookup(accessKeyId: string): { principal: Principal; secretAccessKey: string } | undefined {
    return this.byKey.get(accessKeyId);
  }
}

/** An identity grant: the principal ARN may perform `action` on resources matching `resource` (`*` suffix: prefix). */
export interface Grant {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
}

const asList = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === "string" ? [value] : value;

function glob(pattern: string, value: string): boolean {
  return pattern.endsWith("*") ? value.startsWith(pattern.slice(0, -1)) : pattern === value;
}

function principalArn(principal: Principal): string {
  return principal.kind === "role" || principal.kind === "root" ? principal.arn : "";
}

function principalAccountOf(principal: Principal): string | undefined {
  return principal.kind === "role" || principal.kind === "root" ? principal.account : undefined;
}

function conditionsHold(statement: PolicyStatement, context: AuthorizationRequest["context"]): boolean {
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    if (operator !== "StringEquals") return false; // the double knows StringEquals only
    for (const [key, expected] of Object.entries(entries)) {
      const actual = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
      if (!asList(expected as string | string[]).some((e) => String(actual) === e)) return false;
    }
  }
  return true;
}

export class ListedAuthorizer implements Authorizer {
  readonly calls: { request: AuthorizationRequest; resourcePolicy?: PolicyDocument; decision: Decision }[] =
    [];
  constructor(private readonly grants: readonly Grant[]) {}

  authorize(request: AuthorizationRequest, resourcePolicy?: PolicyDocument): Decision {
    const decision = this.decide(request, resourcePolicy);
    this.calls.push({ request, resourcePolicy, decision });
    return decision;
  }

  private decide(request: AuthorizationRequest, policy?: PolicyDocument): Decision {
    const arn = principalArn(request.principal);
    const account = principalAccountOf(request.principal);
    const identity = this.grants.some(
      (g) => g.principal === arn && glob(g.action, request.action) && glob(g.resource, request.resource),
    );
    const statements: readonly PolicyStatement[] =
      policy === undefined
        ? []
        : Array.isArray(policy.Statement)
          ? policy.Statement
          : [policy.Statement as PolicyStatement];
    const matching = (effect: "Allow" | "Deny", who: "direct" | "account") =>
      statements.filter((s) => {
        if (s.Effect !== effect || !asList(s.Action).some((a) => glob(a, request.action))) return false;
        const principals = s.Principal === "*" ? ["*"] : asList(s.Principal?.AWS);
        const named =
          who === "direct"
            ? principals.some((p) => p === "*" || p === arn)
            : principals.includes(`arn:aws:iam::${account}:root`);
        return named && conditionsHold(s, request.context);
      });
    if (matching("Deny", "direct").length > 0 || matching("Deny", "account").length > 0) {
      return {
        allowed: false,
        reason: "explicit-deny",
        statements: [{ policy: "resource:test", effect: "Deny" }],
      };
    }
    const direct = matching("Allow", "direct").length > 0;
    const viaAccount = matching("Allow", "account").length > 0;
    const allow: Decision = { allowed: true, reason: "allowed", statements: [] };
    if (account === request.resourceAccount) {
      if (request.action.startsWith("kms:")) {
        // KMS: the key policy is required; naming the account root lets identity policies count.
        return direct || (viaAccount && identity)
          ? allow
          : { allowed: false, reason: "implicit-deny", statements: [] };
      }
      return direct || identity ? allow : { allowed: false, reason: "implicit-deny", statements: [] };
    }
    if (!identity) return { allowed: false, reason: "cross-account-identity-missing", statements: [] };
    return direct || viaAccount
      ? allow
      : { allowed: false, reason: "cross-account-resource-missing", statements: [] };
  }
}

export class StaticEc2View implements Ec2View {
  constructor(
    private readonly interfaces: readonly (Ec2NetworkInterface & { readonly region: string })[],
    private readonly prefixLists: readonly (Ec2ManagedPrefixList & {
      readonly region: string;
      readonly visibleTo: string;
    })[],
  ) {}
  describeNetworkInterfaces({
    account,
    region,
  }: {
    account: string;
    region: string;
  }): readonly Ec2NetworkInterface[] {
    return this.interfaces
      .filter((n) => n.OwnerId === account && n.region === region)
      .map(({ region: _, ...n }) => n);
  }
  describeManagedPrefixLists({
    account,
    region,
  }: {
    account: string;
    region: string;
  }): readonly Ec2ManagedPrefixList[] {
    return this.prefixLists
      .filter((p) => p.region === region && (p.visibleTo === "*" || p.visibleTo === account))
      .map(({ region: _, visibleTo: __, ...p }) => p);
  }
}
