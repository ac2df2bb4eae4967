// Names in a template: Ref (pseudo parameters, parameters, resources), Fn::GetAtt, Fn::GetStackOutput.

import type { EvaluationScope } from "./evaluation-scope.js";
import { intrinsicError, isRecord, show } from "./intrinsic-values.js";
import { pseudoParameter } from "./pseudo-parameters.js";
import type { EvaluationSite } from "./symbol-lookup.js";

const SSM_PARAMETER_TYPE = /^AWS::SSM::Parameter::Value<(.+)>$/;
const ROLE_ARN = /^arn:[a-z-]+:iam::(\d{12}):role\/.+$/;

export class ReferenceResolver {
  constructor(private readonly scope: EvaluationScope) {}

  /** `Ref: name`: a pseudo parameter, a parameter (its Default) or a resource of the stack. */
  ref(name: string, site: EvaluationSite): unknown {
    const { stack, symbols } = this.scope;
    const pseudo = pseudoParameter(name, stack);
    if (pseudo !== undefined) return pseudo;
    const parameter = stack.template.Parameters?.[name];
    if (parameter !== undefined) return this.parameter(name, parameter, site);
    if (Object.hasOwn(stack.template.Resources, name)) return symbols.resourceRef(name, site);
    throw intrinsicError(
      "UNKNOWN_REFERENCE",
      "Ref",
      site,
      `"${name}" is no pseudo parameter, parameter or resource of stack ${stack.id}.`,
    );
  }

  getAtt(logicalId: string, attribute: string, site: EvaluationSite): unknown {
    if (!Object.hasOwn(this.scope.stack.template.Resources, logicalId)) {
      throw intrinsicError(
        "UNKNOWN_REFERENCE",
        "Fn::GetAtt",
        site,
        `"${logicalId}" is no resource of stack ${this.scope.stack.id} (asked for ${logicalId}.${attribute}).`,
      );
    }
    return this.scope.symbols.resourceAttribute(logicalId, attribute, site);
  }

  /** Fn::GetStackOutput with its argument evaluated: the account comes from RoleArn (default: this stack's). */
  stackOutput(argument: unknown, site: EvaluationSite): string {
    const { stack, symbols } = this.scope;
    if (
      !isRecord(argument) ||
      typeof argument.StackName !== "string" ||
      typeof argument.OutputName !== "string"
    ) {
      throw intrinsicError(
        "INVALID_INTRINSIC",
        "Fn::GetStackOutput",
        site,
        `expected { StackName, OutputName, Region?, RoleArn? } with string values, received ${show(argument)}.`,
      );
    }
    const { StackName, OutputName, Region = stack.region, RoleArn } = argument;
    let account = stack.account;
    if (RoleArn !== undefined) {
      const match = typeof RoleArn === "string" ? ROLE_ARN.exec(RoleArn) : null;
      if (!match?.[1]) {
        throw intrinsicError(
          "INVALID_INTRINSIC",
          "Fn::GetStackOutput",
          site,
          `RoleArn must be an IAM role ARN, received ${show(RoleArn)}.`,
        );
      }
      account = match[1];
    }
    if (typeof Region !== "string") {
      throw intrinsicError(
        "INVALID_INTRINSIC",
        "Fn::GetStackOutput",
        site,
        `Region must be a string, received ${show(Region)}.`,
      );
    }
    return symbols.stackOutput(
      { stackName: StackName, outputName: OutputName, region: Region, account },
      site,
    );
  }

  private parameter(
    name: string,
    parameter: Readonly<Record<string, unknown>>,
    site: EvaluationSite,
  ): unknown {
    const { stack } = this.scope;
    const type = typeof parameter.Type === "string" ? parameter.Type : "String";
    const given = stack.parameterValues?.get(name);
    if (given !== undefined) return given;
    if (parameter.Default === undefined) {
      throw intrinsicError(
        "MISSING_PARAMETER_VALUE",
        "Ref",
        site,
        `parameter ${name} of stack ${stack.id} has no Default and no value was given. Give it a Default, or a value at start-up (accountmesh dev --parameters ${stack.id}:${name}=<value>).`,
      );
    }
    const declared = String(parameter.Default);
    const ssm = SSM_PARAMETER_TYPE.exec(type);
    const value = ssm
      ? this.scope.resolveDynamicReference("ssm", declared, stack.account, stack.region)
      : declared;
    const valueType = ssm?.[1] ?? type;
    return valueType.startsWith("List<") || valueType === "CommaDelimitedList" ? value.split(",") : value;
  }
}
