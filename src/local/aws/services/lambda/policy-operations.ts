// A function's resource-based policy through Lambda's API: GetPolicy, AddPermission (the statement
// Lambda builds from its parameters, lambda-permissions.ts) and RemovePermission. Statements added
// here are decided by the evaluator like those of AWS::Lambda::Permission.
import type { AwsOperation, OperationContext } from "../../aws-service.js";
import { AwsError } from "../../protocol/aws-error.js";
import { authorizedFunction, type FunctionOperationDeps } from "./function-operations.js";

const ACTION = /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/;

function optionalText(input: Readonly<Record<string, unknown>>, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new AwsError("InvalidParameterValueException", `${member} must be a non-empty string.`);
  }
  return value;
}

function requiredText(input: Readonly<Record<string, unknown>>, member: string): string {
  const value = optionalText(input, member);
  if (value === undefined) {
    throw new AwsError(
      "ValidationException",
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function createPolicyOperations(deps: FunctionOperationDeps): Record<string, AwsOperation> {
  const metadata = (context: OperationContext, status = 200) => ({
    $metadata: { httpStatusCode: status, requestId: context.requestId },
  });
  return {
    async GetPolicy(input, context) {
      const spec = authorizedFunction(deps, input, context, "lambda:GetPolicy");
      const policy = deps.permissions.policy(spec.arn);
      if (policy === undefined) {
        throw new AwsError("ResourceNotFoundException", "The resource you requested does not exist.", 404);
      }
      return {
        Policy: JSON.stringify(policy),
        RevisionId: deps.state.revision(spec.arn),
        ...metadata(context),
      };
    },
    async AddPermission(input, context) {
      const spec = authorizedFunction(deps, input, context, "lambda:AddPermission");
      const sid = requiredText(input, "StatementId");
      const action = requiredText(input, "Action");
      const principal = requiredText(input, "Principal");
      if (!ACTION.test(action)) {
        throw new AwsError(
          "ValidationException",
          `1 validation error detected: Value '${action}' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])`,
        );
      }
      if (deps.permissions.has(spec.arn, sid)) {
        throw new AwsError(
          "ResourceConflictException",
          `The statement id (${sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
          409,
        );
      }
      const sourceArn = optionalText(input, "SourceArn");
      const sourceAccount = optionalText(input, "SourceAccount");
      const authType = optionalText(input, "FunctionUrlAuthType");
      const orgId = optionalText(input, "PrincipalOrgID");
      deps.permissions.add({
        sid,
        functionArn: spec.arn,
        action,
        principal,
        ...(sourceArn === undefined ? {} : { sourceArn }),
        ...(sourceAccount === undefined ? {} : { sourceAccount }),
        ...(authType === undefined ? {} : { functionUrlAuthType: authType }),
        ...(orgId === undefined ? {} : { principalOrgId: orgId }),
        ...(input.InvokedViaFunctionUrl === true ? { invokedViaFunctionUrl: true } : {}),
      });
      deps.state.updated(spec.arn);
      const statements = [deps.permissions.policy(spec.arn)?.Statement ?? []].flat();
      const statement = statements.find((candidate) => candidate.Sid === sid);
      return { Statement: JSON.stringify(statement), ...metadata(context, 201) };
    },
    async RemovePermission(input, context) {
      const spec = authorizedFunction(deps, input, context, "lambda:RemovePermission");
      const sid = requiredText(input, "StatementId");
      if (!deps.permissions.remove(spec.arn, sid)) {
        throw new AwsError(
          "ResourceNotFoundException",
          `Statement ${sid} is not found in resource policy.`,
          404,
        );
      }
      deps.state.updated(spec.arn);
      return { ...metadata(context, 204) };
    },
  };
}
