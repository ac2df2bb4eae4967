// API Gateway acting as a role of the account (an integration's `Credentials`, an authorizer's
// `AuthorizerCredentials`): allowed when the role's trust policy lets apigateway.amazonaws.com
// sts:AssumeRole, decided by the decision point; the calls then carry the role's session, whose
// identity policies decide them.
import type { Authorizer, PolicyDocument } from "../../../../iam/types.js";
import type { AccountCaller } from "../../../aws-service.js";
import { rolePrincipal } from "../../../caller-identity.js";
import type { RestApi } from "../api-gateway-state.js";

/** The session API Gateway's assumed-role calls carry (as CloudTrail shows them). */
export const API_GATEWAY_SESSION_NAME = "BackplaneAssumeRoleSession";

export interface AssumeRoleDeps {
  readonly authorizer: Authorizer;
  /** The trust policy of a role of the assembly (undefined: no such role). */
  readonly trustPolicy?: (roleArn: string) => PolicyDocument | undefined;
}

/** The role's session as a caller, or a sentence saying why API Gateway may not assume it. */
export function assumeRole(deps: AssumeRoleDeps, roleArn: string, api: RestApi): AccountCaller | string {
  const account = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1];
  const trust = deps.trustPolicy?.(roleArn);
  if (account === undefined || trust === undefined) {
    return `API Gateway does not have permission to assume the provided role ${roleArn} (no such role in the cloud assembly)`;
  }
  const decision = deps.authorizer.authorize(
    {
      principal: { kind: "service", service: "apigateway.amazonaws.com" },
      action: "sts:AssumeRole",
      resource: roleArn,
      resourceAccount: account,
      context: {
        "aws:SourceAccount": api.account,
        "aws:SourceArn": `arn:aws:execute-api:${api.region}:${api.account}:${api.id}`,
      },
    },
    trust,
  );
  if (!decision.allowed) {
    return `API Gateway does not have permission to assume the provided role ${roleArn}`;
  }
  return { principal: rolePrincipal(roleArn, API_GATEWAY_SESSION_NAME), account };
}
