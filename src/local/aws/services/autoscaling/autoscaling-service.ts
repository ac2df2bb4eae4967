// EC2 Auto Scaling's API (awsQuery) for what a local run needs: SetDesiredCapacity (instances launch
// or terminate, observable through the group's load balancers) and DescribeAutoScalingGroups.
// Authorized as the caller (`autoscaling:SetDesiredCapacity` on the group's ARN).
// https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_SetDesiredCapacity.html
import type { Authorizer } from "../../../iam/types.js";
import type { AwsOperation, AwsService, OperationContext } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import { queryResult } from "../../protocol/responses.js";
import { xmlElement, xmlText } from "../../protocol/xml.js";
import type { AutoScalingGroup, AutoScalingState } from "./autoscaling-state.js";
import type { Instances } from "./instances.js";

const XMLNS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

export function createAutoScalingService(deps: {
  readonly authorizer: Authorizer;
  readonly state: AutoScalingState;
  readonly instances: Instances;
}): AwsService {
  const authorize = (context: OperationContext, action: string, group: AutoScalingGroup) => {
    const decision = authorizeCall(deps.authorizer, context, {
      action,
      resource: group.arn,
      resourceAccount: group.account,
    });
    if (!decision.allowed) {
      throw new AwsError(
        "AccessDenied",
        accessDeniedMessage(context.caller.principal, action, group.arn, decision),
        403,
      );
    }
  };
  const setDesiredCapacity: AwsOperation = async (input, context) => {
    const name = String(input.AutoScalingGroupName ?? "");
    const group = deps.state.group(context.caller.account, context.region, name);
    if (group === undefined)
      throw new AwsError("ValidationError", `AutoScalingGroup name not found - ${name}`, 400);
    authorize(context, "autoscaling:SetDesiredCapacity", group);
    const capacity = Number(input.DesiredCapacity);
    if (!Number.isInteger(capacity) || capacity < group.minSize || capacity > group.maxSize) {
      throw new AwsError(
        "ValidationError",
        `New SetDesiredCapacity value ${input.DesiredCapacity} is below min value ${group.minSize} or above max value ${group.maxSize} for the AutoScalingGroup.`,
        400,
      );
    }
    group.desiredCapacity = capacity;
    await deps.instances.reconcile(group);
    return {};
  };
  const describe: AwsOperation = async (input, context) => {
    const names = Object.entries(input)
      .filter(([key]) => key.startsWith("AutoScalingGroupNames.member."))
      .map(([, value]) => String(value));
    const groups = [...deps.state.groups.values()].filter(
      (g) =>
        g.account === context.caller.account &&
        g.region === context.region &&
        (names.length === 0 || names.includes(g.name)),
    );
    return { groups };
  };
  const operations: Record<string, AwsOperation> = {
    SetDesiredCapacity: setDesiredCapacity,
    DescribeAutoScalingGroups: describe,
  };
  return {
    signingName: "autoscaling",
    protocol: { kind: "query", xmlns: XMLNS },
    operations,
    implemented: Object.keys(operations),
    async handle(call) {
      const operation = operations[call.operation];
      if (operation === undefined)
        throw new AwsError(
          "InvalidAction",
          `${call.operation} is not implemented locally (SetDesiredCapacity, DescribeAutoScalingGroups are).`,
          400,
        );
      const output = await operation(Object.fromEntries(call.params), call);
      const groups = (output.groups ?? []) as AutoScalingGroup[];
      const xml =
        call.operation === "DescribeAutoScalingGroups"
          ? xmlElement(
              "AutoScalingGroups",
              groups
                .map((g) =>
                  xmlElement(
                    "member",
                    xmlText("AutoScalingGroupName", g.name) +
                      xmlText("AutoScalingGroupARN", g.arn) +
                      xmlText("MinSize", String(g.minSize)) +
                      xmlText("MaxSize", String(g.maxSize)) +
                      xmlText("DesiredCapacity", String(g.desiredCapacity)) +
                      xmlElement(
                        "Instances",
                        deps.instances
                          .instancesOf(g.name)
                          .map((i) =>
                            xmlElement(
                              "member",
                              xmlText("InstanceId", i.id) +
                                xmlText("LifecycleState", "InService") +
                                xmlText("HealthStatus", "Healthy"),
                            ),
                          )
                          .join(""),
                      ),
                  ),
                )
                .join(""),
            )
          : "";
      return queryResult(XMLNS, call.operation, xml, call.requestId);
    },
  };
}
