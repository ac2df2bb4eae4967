// The VPC Lattice constructs: what they synthesize (service network + RAM share, service with
// listener, rules, target groups and auth policy, cross-account VPC association) and the props they
// refuse eagerly, with a coded error naming the value.
import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { describe, expect, it } from "vitest";
import { isAccountmeshError } from "../../shared/errors.js";
import { latticeAuthPolicy } from "./lattice-auth-policy.js";
import { LatticeService } from "./lattice-service.js";
import { LatticeServiceNetwork } from "./lattice-service-network.js";
import { LatticeTargets } from "./lattice-targets.js";
import { LatticeVpcAssociation } from "./lattice-vpc-association.js";

function stack(): Stack {
  return new Stack(new App(), "Test", { env: { account: "121212121212", region: "us-east-1" } });
}

function fn(scope: Stack): lambda.Function {
  return new lambda.Function(scope, "Fn", {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: "index.handler",
    code: lambda.Code.fromInline("exports.handler = async () => ({ statusCode: 200 })"),
  });
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isAccountmeshError(error) ? error.code : String(error);
  }
  return undefined;
}

describe("LatticeServiceNetwork", () => {
  it("shares the network with the named accounts through RAM, inside the organization by default", () => {
    const s = stack();
    new LatticeServiceNetwork(s, "Blue", { name: "blue-service-network", sharedWith: ["131313131313"] });
    const template = Template.fromStack(s);
    template.hasResourceProperties("AWS::VpcLattice::ServiceNetwork", {
      Name: "blue-service-network",
      AuthType: "NONE",
    });
    template.hasResourceProperties("AWS::RAM::ResourceShare", {
      AllowExternalPrincipals: false,
      Principals: ["131313131313"],
      ResourceArns: [{ "Fn::GetAtt": [Match.stringLikeRegexp("Blue"), "Arn"] }],
    });
  });

  it("no share without accounts; bad names and account ids are refused", () => {
    const s = stack();
    new LatticeServiceNetwork(s, "Alone", { name: "alone" });
    Template.fromStack(s).resourceCountIs("AWS::RAM::ResourceShare", 0);
    expect(codeOf(() => new LatticeServiceNetwork(stack(), "N", { name: "Bad_Name" }))).toBe(
      "INVALID_LATTICE_NAME",
    );
    expect(
      codeOf(() => new LatticeServiceNetwork(stack(), "N", { name: "ok-name", sharedWith: ["1234"] })),
    ).toBe("INVALID_ACCOUNT_ID");
  });
});

describe("LatticeService", () => {
  it("a listener forwarding by weight, rules, target groups per kind, an auth policy and its networks", () => {
    const s = stack();
    const vpc = new ec2.Vpc(s, "Vpc", { maxAzs: 2, natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(s, "Alb", { vpc });
    const network = new LatticeServiceNetwork(s, "Net", { name: "net" });
    const a = LatticeTargets.lambda(fn(s), { eventVersion: "V1" });
    new LatticeService(s, "Svc", {
      name: "shared-service",
      defaultAction: {
        forward: [
          { target: LatticeTargets.alb(alb, { vpc }), weight: 80 },
          { target: a, weight: 20 },
        ],
      },
      rules: [
        {
          name: "admin",
          priority: 10,
          method: "GET",
          path: { prefix: "/admin" },
          headers: [{ name: "x-team", exact: "ops" }],
          action: { fixedResponse: 404 },
        },
      ],
      authPolicy: [{ method: "GET", queryString: { q: "blue" }, sourceVpcOwnerAccount: "131313131313" }],
      networks: [network],
    });
    const template = Template.fromStack(s);
    template.hasResourceProperties("AWS::VpcLattice::Service", {
      Name: "shared-service",
      AuthType: "AWS_IAM",
    });
    template.hasResourceProperties("AWS::VpcLattice::TargetGroup", {
      Type: "LAMBDA",
      Config: { LambdaEventStructureVersion: "V1" },
    });
    template.hasResourceProperties("AWS::VpcLattice::TargetGroup", {
      Type: "ALB",
      Config: { Port: 80, Protocol: "HTTP" },
    });
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Principal: "vpc-lattice.amazonaws.com",
      SourceArn: Match.anyValue(),
    });
    template.hasResourceProperties("AWS::VpcLattice::Listener", {
      Port: 80,
      Protocol: "HTTP",
      DefaultAction: {
        Forward: { TargetGroups: [Match.objectLike({ Weight: 80 }), Match.objectLike({ Weight: 20 })] },
      },
    });
    template.hasResourceProperties("AWS::VpcLattice::Rule", {
      Priority: 10,
      Match: {
        HttpMatch: {
          Method: "GET",
          PathMatch: { Match: { Prefix: "/admin" }, CaseSensitive: false },
          HeaderMatches: [{ Name: "x-team", Match: { Exact: "ops" }, CaseSensitive: false }],
        },
      },
      Action: { FixedResponse: { StatusCode: 404 } },
    });
    template.hasResourceProperties("AWS::VpcLattice::AuthPolicy", {
      Policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: "*",
            Action: "vpc-lattice-svcs:Invoke",
            Resource: "*",
            Condition: {
              StringEquals: {
                "vpc-lattice-svcs:RequestMethod": "GET",
                "vpc-lattice-svcs:RequestQueryString/q": "blue",
                "vpc-lattice-svcs:SourceVpcOwnerAccount": "131313131313",
              },
            },
          },
        ],
      },
    });
    template.resourceCountIs("AWS::VpcLattice::ServiceNetworkServiceAssociation", 1);
  });

  it("refuses what Lattice would: priorities, weights, statuses, a policy on an auth-NONE service", () => {
    const s = stack();
    const target = LatticeTargets.lambda(fn(s));
    const base = { name: "svc-x", defaultAction: { forward: [{ target }] } } as const;
    expect(
      codeOf(
        () =>
          new LatticeService(s, "A", {
            ...base,
            rules: [{ name: "r", priority: 0, action: { fixedResponse: 404 } }],
          }),
      ),
    ).toBe("INVALID_RULE_PRIORITY");
    expect(
      codeOf(
        () => new LatticeService(s, "B", { ...base, defaultAction: { forward: [{ target, weight: 1000 }] } }),
      ),
    ).toBe("INVALID_WEIGHT");
    expect(codeOf(() => new LatticeService(s, "C", { ...base, defaultAction: { fixedResponse: 99 } }))).toBe(
      "INVALID_STATUS",
    );
    expect(
      codeOf(
        () => new LatticeService(s, "D", { ...base, authType: "NONE", authPolicy: [{ method: "GET" }] }),
      ),
    ).toBe("AUTH_POLICY_WITHOUT_IAM");
    expect(codeOf(() => new LatticeService(s, "E", { ...base, name: "X" }))).toBe("INVALID_LATTICE_NAME");
    expect(codeOf(() => latticeAuthPolicy([]))).toBe("EMPTY_AUTH_POLICY");
    expect(codeOf(() => latticeAuthPolicy([{ queryString: { "a b": "x" } }]))).toBe("INVALID_CONDITION_KEY");
  });
});

describe("LatticeVpcAssociation", () => {
  it("associates a VPC with a network named by ARN, with a security group towards Lattice only", () => {
    const s = stack();
    const vpc = new ec2.Vpc(s, "Vpc", { maxAzs: 1, natGateways: 0 });
    new LatticeVpcAssociation(s, "Assoc", {
      vpc,
      serviceNetworkArn: "arn:aws:vpc-lattice:us-east-1:999999999999:servicenetwork/sn-0123456789abcdef0",
    });
    const template = Template.fromStack(s);
    template.hasResourceProperties("AWS::VpcLattice::ServiceNetworkVpcAssociation", {
      ServiceNetworkIdentifier:
        "arn:aws:vpc-lattice:us-east-1:999999999999:servicenetwork/sn-0123456789abcdef0",
      SecurityGroupIds: [Match.anyValue()],
    });
    template.hasResourceProperties("AWS::EC2::SecurityGroup", {
      SecurityGroupEgress: Match.arrayWith([Match.objectLike({ CidrIp: "169.254.171.0/24", FromPort: 443 })]),
    });
  });
});
