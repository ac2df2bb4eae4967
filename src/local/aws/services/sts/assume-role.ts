// STS AssumeRole: temporary credentials of a role session for a caller the role's trust policy and
// the caller's identity policies allow (assume-role-decision.ts). As the STS API Reference describes:
// the session is `arn:aws:sts::<account>:assumed-role/<role name>/<RoleSessionName>` with the
// AssumedRoleId `<role id>:<session>`; DurationSeconds defaults to 3600 and may not exceed the role's
// MaxSessionDuration, nor one hour when a role session assumes a role (role chaining); `sts:ExternalId`
// and `sts:RoleSessionName` are condition keys of the trust policy; root credentials cannot assume roles.
import type { CredentialRegistry } from "../../../iam/credential-registry.js";
import type { IamState } from "../../../iam/iam-state.js";
import type { AuthorizationRequest, Authorizer, ContextValue, Decision } from "../../../iam/types.js";
import type { AwsOperation, OperationContext } from "../../aws-service.js";
import { AwsError, accessDeniedMessage, principalDisplayName } from "../../protocol/aws-error.js";
import { requestContext } from "../../protocol/request-context.js";
import { type AssumeRoleInput, assumeRoleInput } from "./assume-role-input.js";

export interface AssumeRoleDeps {
  readonly iam: Pick<IamState, "role">;
  readonly credentials: Pick<CredentialRegistry, "issueSession">;
  readonly authorizer: Authorizer;
}

const DEFAULT_DURATION_SECONDS = 3600;
/** Role chaining: a role session assuming a role gets at most one hour. */
const CHAINED_MAX_SECONDS = 3600;
const ROLE_ARN_ACCOUNT = /^arn:[^:]+:iam::(\d{12}):role\//;
const NO_ROLE: Decision = { allowed: false, reason: "implicit-deny", statements: [] };

/** The AssumeRole operation (SDK-shaped input and output: `Credentials`, `AssumedRoleUser`). */
export function createAssumeRole(deps: AssumeRoleDeps): AwsOperation {
  return async (raw, context) => {
    const input = assumeRoleInput(raw);
    const { principal } = context.caller;
    if (principal.kind === "root") {
      throw new AwsError("AccessDenied", "Roles may not be assumed by root accounts.", 403);
    }
    const role = deps.iam.role(input.roleArn);
    const request = authorizationRequest(input, context, role?.account);
    // A role that does not exist is denied like one that may not be assumed (AWS tells them apart to no one).
    const decision = role === undefined ? NO_ROLE : deps.authorizer.authorize(request, role.assumeRolePolicy);
    if (role === undefined || !decision.allowed) {
      throw new AwsError("AccessDenied", denial(request, decision), 403);
    }
    const durationSeconds = input.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    if (principal.kind === "role" && durationSeconds > CHAINED_MAX_SECONDS) {
      throw new AwsError(
        "ValidationError",
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
      );
    }
    if (durationSeconds > role.maxSessionDuration) {
      throw new AwsError(
        "ValidationError",
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
      );
    }
    const credentials = deps.credentials.issueSession({
      roleArn: role.arn,
      sessionName: input.roleSessionName,
      now: context.now,
      durationSeconds,
    });
    const partition = role.arn.split(":")[1] ?? "aws";
    return {
      AssumedRoleUser: {
        Arn: `arn:${partition}:sts::${role.account}:assumed-role/${role.name}/${input.roleSessionName}`,
        AssumedRoleId: `${role.roleId}:${input.roleSessionName}`,
      },
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: credentials.expiration,
      },
    };
  };
}

function authorizationRequest(
  input: AssumeRoleInput,
  context: OperationContext,
  roleAccount: string | undefined,
): AuthorizationRequest {
  const keys: Record<string, ContextValue> = {
    ...requestContext(context),
    "sts:RoleSessionName": input.roleSessionName,
  };
  if (input.externalId !== undefined) keys["sts:ExternalId"] = input.externalId;
  return {
    principal: context.caller.principal,
    action: "sts:AssumeRole",
    resource: input.roleArn,
    resourceAccount: roleAccount ?? ROLE_ARN_ACCOUNT.exec(input.roleArn)?.[1] ?? "",
    context: keys,
  };
}

/** `User: <session ARN> is not authorized to perform: sts:AssumeRole on resource: <role ARN>`. */
function denial(request: AuthorizationRequest, decision: Decision): string {
  if (decision.reason === "explicit-deny") {
    return accessDeniedMessage(request.principal, request.action, request.resource, decision);
  }
  return `User: ${principalDisplayName(request.principal)} is not authorized to perform: ${request.action} on resource: ${request.resource}`;
}
