// EC2 networking: VPCs, subnets, security groups, VPC endpoints and customer endpoint services into
// the local network model (each service served on its load balancers' ports), and
// the describe calls (network interfaces, managed prefix lists) that CDK lookups and users make.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createEc2Providers } from "./ec2-providers.js";
import { createEc2Service } from "./ec2-service.js";
import { createEc2View } from "./ec2-view.js";
import { createEndpointServiceProviders } from "./endpoint-service-providers.js";

const REACHABILITY = "reachability follows VPC membership, endpoints and private zones";
const NOT_ENFORCED = "security group rules are not enforced locally";

export const ec2Plugin: ServicePlugin = {
  name: "ec2",
  start(platform) {
    return {
      providers: [
        ...createEc2Providers(platform.network),
        ...createEndpointServiceProviders(platform.network),
      ],
      ready() {
        // Each customer endpoint service serves its network load balancers' listener ports.
        const { frontDoors } = platform;
        for (const service of platform.network.endpointServices.values()) {
          frontDoors.serveEndpointService(service.serviceName, {
            handler: async () => ({ status: 502, headers: {}, body: "" }),
            tlsNames: () => [],
            ports: () =>
              new Map(
                frontDoors
                  .listeners()
                  .filter((door) => service.networkLoadBalancerArns.includes(door.loadBalancerArn))
                  .map((door) => [door.port, door.handler]),
              ),
          });
        }
      },
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
