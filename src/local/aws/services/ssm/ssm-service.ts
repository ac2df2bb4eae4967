// SSM (awsJson1_1, AmazonSSM): GetParameter, authorized as the caller (`ssm:GetParameter` on the
// parameter's ARN; SSM has no resource policies for parameters). Errors as SSM names them:
// ParameterNotFound, ParameterVersionNotFound, AccessDeniedException.
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
import type { Authorizer } from "../../../iam/types.js";
import type { AwsOperation, AwsService } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import { dispatchJson, requiredString } from "../../protocol/json-dispatch.js";
import { parameterArn, type SsmParameters } from "./ssm-parameters.js";

const CONTENT_TYPE = "application/x-amz-json-1.1";

export function createSsmService(deps: {
  readonly authorizer: Authorizer;
  readonly parameters: SsmParameters;
}): AwsService {
  const getParameter: AwsOperation = async (input, context) => {
    const requested = requiredString(input, "Name", "ValidationException");
    const [name = requested, selector] = requested.startsWith("arn:") ? [requested] : requested.split(":");
    const parameter = deps.parameters.find(name, context.caller.account, context.region);
    const arn =
      parameter === undefined
        ? parameterArn(context.caller.account, context.region, name)
        : parameterArn(parameter.account, parameter.region, parameter.name);
    const decision = authorizeCall(deps.authorizer, context, {
      action: "ssm:GetParameter",
      resource: arn,
      resourceAccount: parameter?.account ?? context.caller.account,
    });
    if (!decision.allowed) {
      throw new AwsError(
        "AccessDeniedException",
        accessDeniedMessage(context.caller.principal, "ssm:GetParameter", arn, decision),
      );
    }
    if (parameter === undefined) {
      throw new AwsError("ParameterNotFound", "");
    }
    if (selector !== undefined && selector !== String(parameter.version)) {
      throw new AwsError(
        "ParameterVersionNotFound",
        `Systems Manager could not find version ${selector} of ${name}. Verify the version and try again.`,
      );
    }
    return {
      Parameter: {
        Name: parameter.name,
        Type: parameter.type,
        Value: parameter.value,
        Version: parameter.version,
        LastModifiedDate: parameter.lastModified.getTime() / 1000,
        ARN: arn,
        DataType: parameter.dataType,
      },
    };
  };
  const operations = { GetParameter: getParameter };
  return {
    signingName: "ssm",
    protocol: { kind: "json", contentType: CONTENT_TYPE, targetPrefix: "AmazonSSM", errorNamespace: "" },
    operations,
    implemented: Object.keys(operations),
    handle: (call) => dispatchJson(call, CONTENT_TYPE, operations),
  };
}
