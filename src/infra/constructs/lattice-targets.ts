import { Stack } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as vpclattice from "aws-cdk-lib/aws-vpclattice";
import type { Construct } from "constructs";
import { AccountmeshError } from "../../shared/errors.js";

/**
 * What a VPC Lattice service forwards to: each kind makes its own target group. New kinds (IP,
 * INSTANCE) implement this interface; the service construct needs nothing else.
 */
export interface LatticeTarget {
  /** The target group, created in `scope` under `id` (called once per service). */
  bind(scope: Construct, id: string): vpclattice.CfnTargetGroup;
}

export interface LambdaTargetOptions {
  /** @default "V2" (multi-value headers and query, the request context) */
  readonly eventVersion?: "V1" | "V2";
}

export interface AlbTargetOptions {
  /** The load balancer's VPC (the target group lives there). */
  readonly vpc: ec2.IVpc;
  /** The listener port. @default 80 */
  readonly port?: number;
  /** @default "HTTP" */
  readonly protocol?: "HTTP" | "HTTPS";
}

function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new AccountmeshError("INVALID_PORT", `A Lattice target port must be 1-65535; received ${port}.`, {
      value: port,
    });
  }
  return port;
}

export const LatticeTargets = {
  /** A function (same account and region as the service), invoked with Lattice's event. */
  lambda(fn: lambda.IFunction, options: LambdaTargetOptions = {}): LatticeTarget {
    return {
      bind(scope, id) {
        const group = new vpclattice.CfnTargetGroup(scope, id, {
          type: "LAMBDA",
          config: { lambdaEventStructureVersion: options.eventVersion ?? "V2" },
          targets: [{ id: fn.functionArn }],
        });
        fn.addPermission(`${id}Invoke`, {
          principal: new iam.ServicePrincipal("vpc-lattice.amazonaws.com"),
          sourceArn: group.attrArn,
          sourceAccount: Stack.of(scope).account,
        });
        return group;
      },
    };
  },
  /** An internal application load balancer, reached on one of its listeners. */
  alb(loadBalancer: elbv2.IApplicationLoadBalancer, options: AlbTargetOptions): LatticeTarget {
    const port = checkPort(options.port ?? 80);
    return {
      bind(scope, id) {
        return new vpclattice.CfnTargetGroup(scope, id, {
          type: "ALB",
          config: { port, protocol: options.protocol ?? "HTTP", vpcIdentifier: options.vpc.vpcId },
          targets: [{ id: loadBalancer.loadBalancerArn, port }],
        });
      },
    };
  },
};
