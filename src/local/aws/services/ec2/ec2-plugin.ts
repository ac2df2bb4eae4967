// EC2 networking: VPCs, subnets, security groups and VPC endpoints into the local network model, and
// the describe calls (network interfaces, managed prefix lists) that CDK lookups and users make.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createEc2Providers } from "./ec2-providers.js";
import { createEc2Service } from "./ec2-service.js";
import { createEc2View } from "./ec2-view.js";

const REACHABILITY = "reachability follows VPC membership, endpoints and private zones";
const NOT_ENFORCED = "security group rules are not enforced locally";

export const ec2Plugin: ServicePlugin = {
  name: "ec2",
  start(platform) {
    return {
      providers: createEc2Providers(platform.network),
      api: createEc2Service({ authorizer: platform.authorizer, view: createEc2View(platform.network) }),
      inertTypes: {
        "AWS::EC2::FlowLog": "no flow logs are recorded locally",
        "AWS::EC2::InternetGateway": "nothing leaves the machine",
        "AWS::EC2::VPCGatewayAttachment": "nothing leaves the machine",
        "AWS::EC2::RouteTable": REACHABILITY,
        "AWS::EC2::Route": REACHABILITY,
        "AWS::EC2::SubnetRouteTableAssociation": REACHABILITY,
        "AWS::EC2::SecurityGroup": NOT_ENFORCED,
        "AWS::EC2::SecurityGroupIngress": NOT_ENFORCED,
        "AWS::EC2::SecurityGroupEgress": NOT_ENFORCED,
      },
    };
  },
};
