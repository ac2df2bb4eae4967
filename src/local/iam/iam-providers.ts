// Resource providers for AWS::IAM::Role, AWS::IAM::Policy and AWS::IAM::ManagedPolicy. Users and
// Groups are not modelled: those properties are not listed, so the runtime reports them by name.
import { AccountmeshError } from "../../shared/errors.js";
import type { ResolvedResource, ResourceProvider } from "../assembly/types.js";
import { generatedName } from "./iam-ids.js";
import type { IamState } from "./iam-state.js";
import type { PolicyKind } from "./policy-grammar.js";
import type { PolicyDocument } from "./types.js";
import { assertStorablePolicy } from "./validate-policy.js";

export function createIamProviders(state: IamState): ResourceProvider[] {
  return [
    {
      type: "AWS::IAM::Role",
      // Description and Tags are inert; MaxSessionDuration limits AssumeRole. PermissionsBoundary is not honoured.
      properties: [
        "AssumeRolePolicyDocument",
        "RoleName",
        "Path",
        "ManagedPolicyArns",
        "Policies",
        "Description",
        "MaxSessionDuration",
        "Tags",
      ],
      async create(resource) {
        const account = resource.stack.account;
        const name =
          optionalString(resource, "RoleName") ??
          generatedName(resource.stack.stackName, resource.logicalId, account, 64);
        const inlinePolicies: Record<string, PolicyDocument> = {};
        for (const [i, entry] of list(resource, "Policies").entries()) {
          const where = `Policies[${i}]`;
          if (typeof entry !== "object" || entry === null) throw invalid(resource, where, "an object", entry);
          const { PolicyName, PolicyDocument: doc } = entry as Record<string, unknown>;
          if (typeof PolicyName !== "string")
            throw invalid(resource, `${where}.PolicyName`, "a string", PolicyName);
          inlinePolicies[PolicyName] = policyDocument(resource, doc, `${where}.PolicyDocument`, "identity");
        }
        const path = optionalString(resource, "Path");
        const maxSession = resource.properties.MaxSessionDuration;
        if (maxSession !== undefined && typeof maxSession !== "number" && !/^\d+$/.test(String(maxSession)))
          throw invalid(resource, "MaxSessionDuration", "a number of seconds", maxSession);
        const role = state.addRole({
          account,
          name,
          ...(path === undefined ? {} : { path }),
          ...(maxSession === undefined ? {} : { maxSessionDuration: Number(maxSession) }),
          assumeRolePolicy: policyDocument(
            resource,
            resource.properties.AssumeRolePolicyDocument,
            "AssumeRolePolicyDocument",
            "trust",
          ),
          managedPolicyArns: strings(resource, "ManagedPolicyArns"),
          inlinePolicies,
        });
        return { ref: role.name, attributes: { Arn: role.arn, RoleId: role.roleId } };
      },
    },
    {
      type: "AWS::IAM::Policy",
      properties: ["PolicyName", "PolicyDocument", "Roles"],
      async create(resource) {
        const account = resource.stack.account;
        const policyName = requireString(resource, "PolicyName");
        const document = policyDocument(
          resource,
          resource.properties.PolicyDocument,
          "PolicyDocument",
          "identity",
        );
        for (const roleName of strings(resource, "Roles"))
          state.putRolePolicy(account, roleName, policyName, document);
        const id = generatedName(resource.stack.stackName, resource.logicalId.slice(0, 5), account, 128);
        return { ref: id, attributes: { Id: id } };
      },
    },
    {
      type: "AWS::IAM::ManagedPolicy",
      // Description is inert.
      properties: ["PolicyDocument", "ManagedPolicyName", "Path", "Description", "Roles"],
      async create(resource) {
        const account = resource.stack.account;
        const name =
          optionalString(resource, "ManagedPolicyName") ??
          generatedName(resource.stack.stackName, resource.logicalId, account, 128);
        const path = optionalString(resource, "Path");
        const policy = state.addManagedPolicy({
          account,
          name,
          ...(path === undefined ? {} : { path }),
          document: policyDocument(
            resource,
            resource.properties.PolicyDocument,
            "PolicyDocument",
            "identity",
          ),
        });
        const roles = strings(resource, "Roles");
        for (const roleName of roles) state.attachManagedPolicy(account, roleName, policy.arn);
        return {
          ref: policy.arn,
          attributes: {
            PolicyArn: policy.arn,
            PolicyId: policy.policyId,
            DefaultVersionId: "v1",
            AttachmentCount: roles.length,
            IsAttachable: true,
          },
        };
      },
    },
  ];
}

function where(resource: ResolvedResource): string {
  return `${resource.stack.stackName}/${resource.logicalId}`;
}

function invalid(
  resource: ResolvedResource,
  property: string,
  expected: string,
  received: unknown,
): AccountmeshError {
  return new AccountmeshError(
    "IAM_INVALID_PROPERTY",
    `${resource.type} ${where(resource)}: ${property} must be ${expected}; received ${JSON.stringify(received)}. Fix the template (cdk.out) and start again.`,
    { resource: where(resource), property },
  );
}

function optionalString(resource: ResolvedResource, name: string): string | undefined {
  const value = resource.properties[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") throw invalid(resource, name, "a non-empty string", value);
  return value;
}

function requireString(resource: ResolvedResource, name: string): string {
  const value = optionalString(resource, name);
  if (value === undefined) throw invalid(resource, name, "a non-empty string", value);
  return value;
}

function list(resource: ResolvedResource, name: string): readonly unknown[] {
  const value = resource.properties[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(resource, name, "a list", value);
  return value;
}

function strings(resource: ResolvedResource, name: string): string[] {
  return list(resource, name).map((v, i) => {
    if (typeof v !== "string") throw invalid(resource, `${name}[${i}]`, "a string", v);
    return v;
  });
}

/** A policy document given as an object or as a JSON string, as IAM would store it (or POLICY_MALFORMED). */
function policyDocument(
  resource: ResolvedResource,
  raw: unknown,
  property: string,
  kind: PolicyKind,
): PolicyDocument {
  let value = raw;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      throw invalid(resource, property, "a policy document (JSON)", raw);
    }
  }
  if (typeof value !== "object" || value === null || !("Statement" in value)) {
    throw invalid(resource, property, "a policy document with a Statement", raw);
  }
  return assertStorablePolicy(value, kind, {
    stack: resource.stack.stackName,
    logicalId: resource.logicalId,
    resourceType: resource.type,
    property,
  });
}
