// Policies AWS refuses to store: the runtime refuses them at provisioning (POLICY_MALFORMED) and the
// evaluator never lets such a statement grant.
import type { PolicyDocument } from "../types.js";
import { ACCOUNT, BUCKET, type ConformanceCase, DOCS, policy, role } from "./conformance-case.js";

const object = `${BUCKET}/report.csv`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/deployer`;

function refusedIdentity(
  name: string,
  source: string,
  document: PolicyDocument,
  action: string,
  rule: string,
): ConformanceCase {
  return {
    source,
    name,
    identity: [document],
    request: { principal: role, action, resource: object },
    expect: "ImplicitDeny",
    refused: { kind: "identity", rule },
  };
}

export const GRAMMAR_CASES: readonly ConformanceCase[] = [
  refusedIdentity(
    "Action with NotAction: s3:* + NotAction s3:DeleteObject never grants DeleteObject",
    DOCS.grammar,
    policy({ Effect: "Allow", Action: "s3:*", NotAction: "s3:DeleteObject", Resource: "*" } as never),
    "s3:DeleteObject",
    "action-and-notaction",
  ),
  refusedIdentity(
    "Resource with NotResource grants nothing",
    DOCS.grammar,
    policy({
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: `${BUCKET}/*`,
      NotResource: "arn:aws:s3:::other/*",
    }),
    "s3:GetObject",
    "resource-and-notresource",
  ),
  refusedIdentity(
    "an identity-policy statement without Resource grants nothing",
    DOCS.resource,
    policy({ Effect: "Allow", Action: "s3:GetObject" }),
    "s3:GetObject",
    "resource-missing",
  ),
  refusedIdentity(
    "an identity policy with a Principal is refused",
    DOCS.principal,
    policy({ Effect: "Allow", Principal: { AWS: role.arn }, Action: "s3:GetObject", Resource: "*" }),
    "s3:GetObject",
    "principal-in-identity-policy",
  ),
  refusedIdentity(
    "an action without a service prefix is refused",
    DOCS.troubleshoot,
    policy({ Effect: "Allow", Action: "GetObject", Resource: "*" }),
    "s3:GetObject",
    "action-format",
  ),
  refusedIdentity(
    "a Version other than 2012-10-17 or 2008-10-17 is refused and grants nothing",
    DOCS.version,
    { Version: "2012-10-18", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
    "s3:GetObject",
    "version",
  ),
  refusedIdentity(
    "a statement without Action or NotAction is refused",
    DOCS.grammar,
    policy({ Effect: "Allow", Resource: "*" } as never),
    "s3:GetObject",
    "action-missing",
  ),
  {
    source: DOCS.notPrincipal,
    name: "Principal with NotPrincipal in one statement grants nothing",
    resource: policy({
      Effect: "Allow",
      Principal: "*",
      NotPrincipal: { AWS: role.arn },
      Action: "s3:GetObject",
      Resource: `${BUCKET}/*`,
    }),
    request: { principal: role, action: "s3:GetObject", resource: object },
    expect: "ImplicitDeny",
    refused: { kind: "resource", rule: "principal-and-notprincipal" },
  },
  {
    source: DOCS.principal,
    name: "a resource-policy statement without Principal grants nothing",
    resource: policy({ Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET}/*` }),
    request: { principal: role, action: "s3:GetObject", resource: object },
    expect: "ImplicitDeny",
    refused: { kind: "resource", rule: "principal-missing" },
  },
  {
    source: DOCS.roleTerms,
    name: "a trust policy with a Resource element is refused",
    resource: policy({
      Effect: "Allow",
      Principal: { AWS: role.arn },
      Action: "sts:AssumeRole",
      Resource: ROLE,
    }),
    request: { principal: role, action: "sts:AssumeRole", resource: ROLE },
    expect: "ImplicitDeny",
    refused: { kind: "trust", rule: "resource-in-trust-policy" },
  },
];
