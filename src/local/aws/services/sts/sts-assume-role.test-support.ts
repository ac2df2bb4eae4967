// The world of the STS AssumeRole tests (sts-assume-role.test.ts, and the AWS CLI's in
// sts-assume-role.interop.test.ts): roles in accounts A and B with trust and identity policies,
// the real decision point and credential registry, and the STS service on a local AWS endpoint.
import { type ServedHandler, serveLocalHandler } from "../../../../../test/support/serve-local-handler.js";
import { CredentialRegistry } from "../../../iam/credential-registry.js";
import { IamState } from "../../../iam/iam-state.js";
import { PolicyDecisionPoint } from "../../../iam/policy-decision-point.js";
import type { PolicyStatement } from "../../../iam/types.js";
import { createAwsEndpoint } from "../../aws-endpoint.js";
import { ServiceRegistry } from "../../service-registry.js";
import { createStsService } from "./sts-service.js";

export const A = "111111111111";
export const B = "222222222222";
export const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
export const TARGET = role(A, "Target");
export const PARTNER = role(B, "Partner");
export const UNTRUSTING = role(B, "Untrusting");
export const EXTERNAL = role(A, "ExternalTarget");
const assume = (...Resource: string[]): PolicyStatement => ({
  Effect: "Allow",
  Action: "sts:AssumeRole",
  Resource,
});
const trust = (AWS: string, extra: Partial<PolicyStatement> = {}) => ({
  Statement: [{ Effect: "Allow" as const, Principal: { AWS }, Action: "sts:AssumeRole", ...extra }],
});

const iam = new IamState();
iam.addRole({
  account: A,
  name: "Caller",
  assumeRolePolicy: trust(`arn:aws:iam::${A}:root`),
  inlinePolicies: { Assume: { Statement: [assume(PARTNER, UNTRUSTING, EXTERNAL)] } },
});
iam.addRole({ account: A, name: "Outsider", assumeRolePolicy: trust(`arn:aws:iam::${A}:root`) });
iam.addRole({
  account: A,
  name: "Target",
  assumeRolePolicy: trust(role(A, "Caller")),
  inlinePolicies: { Chain: { Statement: [assume(PARTNER)] } },
});
iam.addRole({
  account: A,
  name: "ExternalTarget",
  maxSessionDuration: 7200,
  assumeRolePolicy: trust(`arn:aws:iam::${A}:root`, {
    Condition: { StringEquals: { "sts:ExternalId": "ext-42" } },
  }),
});
iam.addRole({ account: B, name: "Partner", assumeRolePolicy: trust(`arn:aws:iam::${A}:root`) });
iam.addRole({ account: B, name: "Untrusting", assumeRolePolicy: trust("arn:aws:iam::333333333333:root") });

export const registry = new CredentialRegistry("0123456789abcdef0123456789abcdef");
const pdp = new PolicyDecisionPoint(iam);
const sts = createStsService({
  iam,
  credentials: registry,
  authorizer: { authorize: (request, document) => pdp.decide(request, document) },
});
export const CALLER = registry.forRole(role(A, "Caller"), "caller");
export const OUTSIDER = registry.forRole(role(A, "Outsider"), "outsider");

/** STS on a local AWS endpoint, with this module's roles and credentials. */
export function serveSts(): Promise<ServedHandler> {
  return serveLocalHandler(createAwsEndpoint({ callers: registry, services: new ServiceRegistry([sts]) }));
}
