// Roles and customer managed policies of every account, and the compiled identity policies of a caller.
import { AccountmeshError } from "../../shared/errors.js";
import { type CompiledPolicy, compilePolicy } from "./compile-policy.js";
import { policyIdFor, roleIdFor } from "./iam-ids.js";
import { awsManagedPolicy, isAwsManagedPolicyArn } from "./managed-policies.js";
import type { PolicyDocument, Principal } from "./types.js";

export interface RoleRecord {
  readonly arn: string;
  readonly name: string;
  readonly account: string;
  /** `/` or `/path/`. */
  readonly path: string;
  readonly roleId: string;
  readonly assumeRolePolicy: PolicyDocument;
  /** MaxSessionDuration: the longest session AssumeRole may give, in seconds (3600 to 43200; default 3600). */
  readonly maxSessionDuration: number;
}

export interface ManagedPolicyRecord {
  readonly arn: string;
  readonly name: string;
  readonly account: string;
  readonly policyId: string;
  readonly document: PolicyDocument;
}

export interface NewRole {
  readonly account: string;
  readonly name: string;
  readonly path?: string;
  readonly assumeRolePolicy: PolicyDocument;
  /** Seconds, 3600 to 43200 (default 3600). */
  readonly maxSessionDuration?: number;
  readonly managedPolicyArns?: readonly string[];
  readonly inlinePolicies?: Readonly<Record<string, PolicyDocument>>;
}

/** Something in IAM the runtime does not honour: `where` names the policy it was met in. */
export interface IamUnsupported {
  readonly name: string;
  readonly where: string;
}

const key = (account: string, roleName: string) => `${account}/${roleName}`;
/** IAM's default MaxSessionDuration of a role: one hour. */
export const DEFAULT_MAX_SESSION_DURATION = 3600;

export class IamState {
  private readonly roles = new Map<string, RoleRecord>();
  private readonly rolesByArn = new Map<string, RoleRecord>();
  private readonly inline = new Map<string, Map<string, PolicyDocument>>();
  private readonly attached = new Map<string, Set<string>>();
  private readonly managed = new Map<string, ManagedPolicyRecord>();
  private readonly compiledRoles = new Map<string, readonly CompiledPolicy[]>();
  private readonly compiledManaged = new Map<string, CompiledPolicy>();
  private readonly compiledTrust = new Map<string, CompiledPolicy>();
  private readonly missing = new Map<string, IamUnsupported>();

  addRole(role: NewRole): RoleRecord {
    const path = role.path ?? "/";
    if (!/^\/([^/]+\/)*$/.test(path)) {
      throw new AccountmeshError(
        "IAM_INVALID_PATH",
        `Role path must start and end with "/"; received ${JSON.stringify(path)}.`,
        {
          path,
        },
      );
    }
    const maxSession = role.maxSessionDuration;
    if (
      maxSession !== undefined &&
      (!Number.isInteger(maxSession) || maxSession < 3600 || maxSession > 43200)
    ) {
      throw new AccountmeshError(
        "IAM_INVALID_MAX_SESSION_DURATION",
        `MaxSessionDuration of role ${role.name} must be a whole number of seconds from 3600 to 43200; received ${JSON.stringify(maxSession)}.`,
        { role: role.name },
      );
    }
    const arn = `arn:aws:iam::${role.account}:role${path}${role.name}`;
    if (this.rolesByArn.has(arn)) {
      throw new AccountmeshError(
        "IAM_ROLE_EXISTS",
        `Role ${arn} is defined twice; role names are unique per account.`,
        { arn },
      );
    }
    const record: RoleRecord = Object.freeze({
      arn,
      name: role.name,
      account: role.account,
      path,
      roleId: roleIdFor(arn),
      assumeRolePolicy: role.assumeRolePolicy,
      maxSessionDuration: role.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    });
    this.roles.set(key(role.account, role.name), record);
    this.rolesByArn.set(arn, record);
    for (const policyArn of role.managedPolicyArns ?? [])
      this.attachManagedPolicy(role.account, role.name, policyArn);
    for (const [name, doc] of Object.entries(role.inlinePolicies ?? {}))
      this.putRolePolicy(role.account, role.name, name, doc);
    return record;
  }

  /** Puts an inline policy on a role by name (AWS::IAM::Policy `Roles`; the role may come later). */
  putRolePolicy(account: string, roleName: string, policyName: string, document: PolicyDocument): void {
    const k = key(account, roleName);
    let policies = this.inline.get(k);
    if (policies === undefined) {
      policies = new Map();
      this.inline.set(k, policies);
    }
    policies.set(policyName, document);
    this.compiledRoles.delete(k);
  }

  attachManagedPolicy(account: string, roleName: string, policyArn: string): void {
    const k = key(account, roleName);
    let arns = this.attached.get(k);
    if (arns === undefined) {
      arns = new Set();
      this.attached.set(k, arns);
    }
    arns.add(policyArn);
    this.compiledRoles.delete(k);
  }

  addManagedPolicy(policy: {
    account: string;
    name: string;
    path?: string;
    document: PolicyDocument;
  }): ManagedPolicyRecord {
    const arn = `arn:aws:iam::${policy.account}:policy${policy.path ?? "/"}${policy.name}`;
    const record: ManagedPolicyRecord = Object.freeze({
      arn,
      name: policy.name,
      account: policy.account,
      policyId: policyIdFor(arn),
      document: policy.document,
    });
    this.managed.set(arn, record);
    this.compiledManaged.delete(arn);
    this.compiledRoles.clear();
    return record;
  }

  role(arn: string): RoleRecord | undefined {
    return this.rolesByArn.get(arn);
  }

  roleByName(account: string, name: string): RoleRecord | undefined {
    return this.roles.get(key(account, name));
  }

  /** The compiled inline and attached policies of a role caller; none for other principals. */
  identityPoliciesFor(principal: Principal): readonly CompiledPolicy[] {
    if (principal.kind !== "role") return [];
    const role = this.rolesByArn.get(principal.arn);
    return role === undefined ? [] : this.compiledFor(role);
  }

  /** The role's trust policy (who may sts:AssumeRole it), compiled as a resource policy. */
  trustPolicyFor(roleArn: string): CompiledPolicy | undefined {
    const role = this.rolesByArn.get(roleArn);
    if (role === undefined) return undefined;
    let compiled = this.compiledTrust.get(roleArn);
    if (compiled === undefined) {
      compiled = compilePolicy(role.assumeRolePolicy, `trust:${roleArn}`);
      this.compiledTrust.set(roleArn, compiled);
    }
    return compiled;
  }

  /** Everything the roles' policies use that is not honoured (compiles every role's policies). */
  unsupported(): readonly IamUnsupported[] {
    const out = new Map<string, IamUnsupported>();
    for (const role of this.roles.values()) {
      for (const policy of [...this.compiledFor(role), this.trustPolicyFor(role.arn)]) {
        for (const name of policy?.unsupported ?? [])
          out.set(`${name}@${policy?.name}`, { name, where: policy?.name ?? "" });
      }
    }
    for (const [k, v] of this.missing) out.set(k, v);
    return [...out.values()];
  }

  private compiledFor(role: RoleRecord): readonly CompiledPolicy[] {
    const k = key(role.account, role.name);
    const cached = this.compiledRoles.get(k);
    if (cached !== undefined) return cached;
    const compiled: CompiledPolicy[] = [];
    for (const [name, doc] of this.inline.get(k) ?? [])
      compiled.push(compilePolicy(doc, `identity:${role.arn}#${name}`));
    for (const arn of this.attached.get(k) ?? []) {
      const policy = this.managedPolicy(arn, role.arn);
      if (policy !== undefined) compiled.push(policy);
    }
    const frozen = Object.freeze(compiled);
    this.compiledRoles.set(k, frozen);
    return frozen;
  }

  private managedPolicy(arn: string, roleArn: string): CompiledPolicy | undefined {
    const cached = this.compiledManaged.get(arn);
    if (cached !== undefined) return cached;
    const document = isAwsManagedPolicyArn(arn) ? awsManagedPolicy(arn) : this.managed.get(arn)?.document;
    if (document === undefined) {
      // Unknown AWS managed policy or a customer managed policy nobody defined: it grants nothing.
      const name = isAwsManagedPolicyArn(arn)
        ? `AWS managed policy ${arn}`
        : `managed policy ${arn} (not defined)`;
      this.missing.set(`${arn}@${roleArn}`, { name, where: `identity:${roleArn}` });
      return undefined;
    }
    const compiled = compilePolicy(document, `identity:${arn}`);
    this.compiledManaged.set(arn, compiled);
    return compiled;
  }
}
