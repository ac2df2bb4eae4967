// Where a Lattice target group sends a request, one forwarder per target type. LAMBDA invokes the
// function as `vpc-lattice.amazonaws.com` for the target group (the function's resource policy must
// allow that source ARN); ALB hands the request to the load balancer's listener inside the target
// group's VPC, from a Lattice address (169.254.171.0/24). IP and INSTANCE join this table when the
// runtime runs processes (issue "providers"): `targetKinds` is the one place a kind is added.

import type { LocalHandler, LocalResponse } from "../../../http/http-types.js";
import type { AwsClient } from "../../aws-client.js";
import { type ForwardContext, TargetError } from "./lattice-forward-context.js";
import { latticeLambdaEvent, latticeLambdaResponse } from "./lattice-lambda-event.js";
import type { TargetGroupType } from "./lattice-state.js";

export { type ForwardContext, TargetError };

export interface TargetDeps {
  readonly aws: AwsClient;
  /** The handler of a load balancer's listener (ALB targets). */
  listenerHandler(loadBalancerArn: string, port: number): LocalHandler | undefined;
  now(): Date;
}

export type TargetForwarder = (deps: TargetDeps, context: ForwardContext) => Promise<LocalResponse>;

/** The address Lattice's proxies use towards targets (the VPC Lattice managed prefix). */
export const LATTICE_SOURCE_IP = "169.254.171.1";

const lambdaTarget: TargetForwarder = async (deps, context) => {
  const { group } = context;
  const functionArn = group.targets[0]?.id;
  if (functionArn === undefined)
    throw new TargetError(503, `target group ${group.arn} has no function registered`);
  const output = await deps.aws
    .call(
      {
        caller: {
          principal: { kind: "service", service: "vpc-lattice.amazonaws.com" },
          account: group.account,
          sourceArn: group.arn,
        },
        region: group.region,
        requestId: context.requestId,
      },
      "lambda",
      "Invoke",
      {
        FunctionName: functionArn,
        Payload: JSON.stringify(latticeLambdaEvent(group.lambdaEventVersion, context, deps.now())),
      },
    )
    .catch((error: unknown) => {
      throw new TargetError(
        502,
        `invoking ${functionArn} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  if (output.FunctionError !== undefined)
    throw new TargetError(502, `${functionArn} failed: ${String(output.Payload)}`);
  const response = latticeLambdaResponse(JSON.parse(String(output.Payload ?? "null")) as unknown);
  if (response === undefined)
    throw new TargetError(502, `${functionArn} returned no statusCode: ${String(output.Payload)}`);
  return response;
};

const albTarget: TargetForwarder = async (deps, context) => {
  const { group, request } = context;
  const target = group.targets[0];
  const port = target?.port ?? group.port ?? 80;
  const handler = target === undefined ? undefined : deps.listenerHandler(target.id, port);
  if (target === undefined || handler === undefined) {
    throw new TargetError(
      503,
      `target group ${group.arn}: ${target === undefined ? "no load balancer registered" : `load balancer ${target.id} has no listener on port ${port}`}`,
    );
  }
  return handler({
    ...request,
    source: {
      ...(group.vpcId === undefined ? {} : { vpc: { id: group.vpcId, account: group.account } }),
      sourceIp: LATTICE_SOURCE_IP,
      via: [...request.source.via, `VPC Lattice target group ${group.name}`],
    },
  });
};

/** The forwarder of each target type; a type without one answers 503 and is reported at start-up. */
export const targetKinds: Partial<Record<TargetGroupType, TargetForwarder>> = {
  LAMBDA: lambdaTarget,
  ALB: albTarget,
};
