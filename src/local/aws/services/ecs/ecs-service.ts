// ECS's API (awsJson1_1, AmazonEC2ContainerServiceV20141113) for what a local run needs: scaling a
// service (UpdateService desiredCount: tasks start or stop, observable through its load balancers),
// DescribeServices and ListTasks. Authorized as the caller (`ecs:UpdateService` on the service ARN).
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
import type { Authorizer } from "../../../iam/types.js";
import type { AwsOperation, AwsService, OperationContext } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import { dispatchJson, requiredString } from "../../protocol/json-dispatch.js";
import type { EcsService, EcsState } from "./ecs-state.js";
import type { EcsTasks } from "./ecs-tasks.js";

const CONTENT_TYPE = "application/x-amz-json-1.1";

export function createEcsService(deps: {
  readonly authorizer: Authorizer;
  readonly state: EcsState;
  readonly tasks: EcsTasks;
}): AwsService {
  const authorize = (context: OperationContext, action: string, resource: string) => {
    const decision = authorizeCall(deps.authorizer, context, {
      action,
      resource,
      resourceAccount: context.caller.account,
    });
    if (!decision.allowed) {
      throw new AwsError(
        "AccessDeniedException",
        accessDeniedMessage(context.caller.principal, action, resource, decision),
      );
    }
  };
  const find = (context: OperationContext, name: string, cluster: unknown): EcsService => {
    const service = deps.state.findService(
      context.caller.account,
      context.region,
      name,
      typeof cluster === "string" ? cluster : undefined,
    );
    if (service === undefined) throw new AwsError("ServiceNotFoundException", "Service not found.");
    return service;
  };
  const describe = (service: EcsService) => {
    const running = deps.tasks.tasksOf(service.arn).length;
    return {
      serviceArn: service.arn,
      serviceName: service.name,
      clusterArn: service.clusterArn,
      taskDefinition: service.taskDefinitionArn,
      desiredCount: service.desiredCount,
      runningCount: running,
      pendingCount: 0,
      status: "ACTIVE",
      launchType: "FARGATE",
      loadBalancers: service.loadBalancers,
    };
  };
  const updateService: AwsOperation = async (input, context) => {
    const service = find(
      context,
      requiredString(input, "service", "InvalidParameterException"),
      input.cluster,
    );
    authorize(context, "ecs:UpdateService", service.arn);
    if (input.desiredCount !== undefined) {
      const count = Number(input.desiredCount);
      if (!Number.isInteger(count) || count < 0) {
        throw new AwsError(
          "InvalidParameterException",
          `desiredCount must be a whole number ≥ 0; received ${JSON.stringify(input.desiredCount)}.`,
        );
      }
      service.desiredCount = count;
      await deps.tasks.reconcile(service);
    }
    return { service: describe(service) };
  };
  const describeServices: AwsOperation = async (input, context) => {
    const names = Array.isArray(input.services) ? input.services.map(String) : [];
    const services: unknown[] = [];
    const failures: unknown[] = [];
    for (const name of names) {
      const service = deps.state.findService(
        context.caller.account,
        context.region,
        name,
        typeof input.cluster === "string" ? input.cluster : undefined,
      );
      if (service === undefined) {
        failures.push({ arn: name, reason: "MISSING" });
        continue;
      }
      authorize(context, "ecs:DescribeServices", service.arn);
      services.push(describe(service));
    }
    return { services, failures };
  };
  const listTasks: AwsOperation = async (input, context) => {
    const name = typeof input.serviceName === "string" ? input.serviceName : undefined;
    const services = [...deps.state.services.values()].filter(
      (s) =>
        s.account === context.caller.account &&
        s.region === context.region &&
        (name === undefined || s.name === name || s.arn === name),
    );
    for (const service of services) authorize(context, "ecs:ListTasks", service.clusterArn);
    return {
      taskArns: services.flatMap((service) => deps.tasks.tasksOf(service.arn).map((task) => task.arn)),
    };
  };
  const operations = {
    UpdateService: updateService,
    DescribeServices: describeServices,
    ListTasks: listTasks,
  };
  return {
    signingName: "ecs",
    protocol: {
      kind: "json",
      contentType: CONTENT_TYPE,
      targetPrefix: "AmazonEC2ContainerServiceV20141113",
      errorNamespace: "",
    },
    operations,
    implemented: Object.keys(operations),
    handle: (call) => dispatchJson(call, CONTENT_TYPE, operations),
  };
}
