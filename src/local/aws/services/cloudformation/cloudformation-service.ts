// CloudFormation's read API for what the local runtime deployed (awsQuery, XML): DescribeStacks (a
// README's "take the URL from the stack output" with `aws cloudformation describe-stacks`) and
// ListExports. A caller sees the stacks of its own account and request region, as on AWS, and each
// call is authorized by the decision point: `cloudformation:DescribeStacks` on the stack's ARN (on
// `*` when no stack is named), `cloudformation:ListExports` on `*`.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
import type { Authorizer } from "../../../iam/types.js";
import type { AwsCall, AwsOperation, AwsService, OperationContext } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import { queryResult } from "../../protocol/responses.js";
import { escapeXml, xmlElement, xmlText } from "../../protocol/xml.js";
import type { CloudFormationStacks, DeployedStack } from "./cloudformation-stacks.js";

const XMLNS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

export function createCloudFormationService(deps: {
  readonly authorizer: Authorizer;
  readonly stacks: CloudFormationStacks;
}): AwsService {
  const authorize = (context: OperationContext, action: string, resource: string): void => {
    const decision = authorizeCall(deps.authorizer, context, {
      action,
      resource,
      resourceAccount: context.caller.account,
    });
    if (!decision.allowed) {
      throw new AwsError(
        "AccessDenied",
        accessDeniedMessage(context.caller.principal, action, resource, decision),
        403,
      );
    }
  };

  const describeStacks: AwsOperation = async (input, context) => {
    const { account } = context.caller;
    const name = typeof input.StackName === "string" && input.StackName !== "" ? input.StackName : undefined;
    if (name === undefined) {
      authorize(context, "cloudformation:DescribeStacks", "*");
      return { Stacks: deps.stacks.inAccount(account, context.region).map(stackShape) };
    }
    const stack = deps.stacks.find(name, account, context.region);
    const arn = stack?.stackId ?? `arn:aws:cloudformation:${context.region}:${account}:stack/${name}/*`;
    authorize(context, "cloudformation:DescribeStacks", arn);
    if (stack === undefined) throw new AwsError("ValidationError", `Stack with id ${name} does not exist`);
    return { Stacks: [stackShape(stack)] };
  };

  const listExports: AwsOperation = async (_input, context) => {
    authorize(context, "cloudformation:ListExports", "*");
    return {
      Exports: deps.stacks
        .inAccount(context.caller.account, context.region)
        .flatMap((stack) =>
          stack.outputs.flatMap((output) =>
            output.exportName === undefined
              ? []
              : [{ ExportingStackId: stack.stackId, Name: output.exportName, Value: output.value }],
          ),
        ),
    };
  };

  const operations: Record<string, AwsOperation> = {
    DescribeStacks: describeStacks,
    ListExports: listExports,
  };
  return {
    signingName: "cloudformation",
    protocol: { kind: "query", xmlns: XMLNS },
    operations,
    implemented: Object.keys(operations),
    async handle(call: AwsCall) {
      const input = Object.fromEntries(call.params);
      const operation = operations[call.operation] as AwsOperation;
      const output = await operation(input, call);
      const xml = call.operation === "DescribeStacks" ? stacksXml(output) : exportsXml(output);
      return queryResult(XMLNS, call.operation, xml, call.requestId);
    },
  };
}

/** A stack as the SDK shapes it (DescribeStacks' `Stack`). */
function stackShape(stack: DeployedStack): Record<string, unknown> {
  return {
    StackName: stack.stackName,
    StackId: stack.stackId,
    ...(stack.description === undefined ? {} : { Description: stack.description }),
    CreationTime: stack.creationTime,
    StackStatus: "CREATE_COMPLETE",
    DisableRollback: false,
    Outputs: stack.outputs.map((o) => ({
      OutputKey: o.key,
      OutputValue: o.value,
      ...(o.description === undefined ? {} : { Description: o.description }),
      ...(o.exportName === undefined ? {} : { ExportName: o.exportName }),
    })),
    DriftInformation: { StackDriftStatus: "NOT_CHECKED" },
  };
}

/** awsQuery XML of a structure: scalars as text, lists as `<member>`s, dates in ISO 8601. */
function toXml(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => xmlElement("member", toXml(item))).join("");
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && value !== null) {
    return Object.entries(value)
      .map(([name, member]) =>
        typeof member === "object" && member !== null && !(member instanceof Date)
          ? xmlElement(name, toXml(member))
          : xmlText(name, member instanceof Date ? member.toISOString() : String(member)),
      )
      .join("");
  }
  return escapeXml(String(value));
}

function stacksXml(output: Record<string, unknown>): string {
  return xmlElement("Stacks", toXml(output.Stacks));
}

function exportsXml(output: Record<string, unknown>): string {
  return xmlElement("Exports", toXml(output.Exports));
}
