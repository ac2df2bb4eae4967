import { CfnOutput } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import { FlowLoggedVpc } from "../constructs/flow-logged-vpc.js";
import { LatticeVpcAssociation } from "../constructs/lattice-vpc-association.js";
import { NodeFunction } from "../constructs/node-function.js";
import { acknowledge } from "../nag.js";
import type { Colour } from "../systems/directory-config.js";
import { AccountStack, type AccountStackProps } from "./account-stack.js";

export interface DirectoryClientStackProps extends AccountStackProps {
  readonly colour: Colour;
  /** The colour's service network (shared by RAM from the shared services account): weak reference. */
  readonly serviceNetworkArn: string;
  /** The directory service's DNS name: weak reference. */
  readonly serviceDomainName: string;
  /** The directory service's ARN (the signed client's identity policy names it): weak reference. */
  readonly serviceArn: string;
  /** The account that owns the directory service. */
  readonly sharedServicesAccount: string;
  /** Also deploy the SigV4-signing clients (one allowed, one not, by their identity policies). */
  readonly signedClients?: boolean;
}

const CIDRS: Readonly<Record<Colour, string>> = { blue: "10.100.0.0/16", green: "10.200.0.0/16" };

/**
 * A client account of seed 004: an isolated VPC (no route out) associated with its colour's shared
 * service network, and a client function in it calling the directory service by its DNS name
 * unsigned with `?q=<colour>`. The blue account also has two signing clients.
 */
export class DirectoryClientStack extends AccountStack {
  readonly client: NodeFunction;

  constructor(scope: Construct, id: string, props: DirectoryClientStackProps) {
    super(scope, id, props);
    const { colour } = props;
    const network = new FlowLoggedVpc(this, "Network", {
      cidr: CIDRS[colour],
      azCount: props.availabilityZones.length,
    });
    new LatticeVpcAssociation(this, "Association", {
      vpc: network.vpc,
      serviceNetworkArn: props.serviceNetworkArn,
    });
    const endpoint = `http://${props.serviceDomainName}/?q=${colour}`;
    const inVpc = { vpc: network.vpc, vpcSubnets: network.privateSubnets };
    this.client = new NodeFunction(this, "Client", {
      ...inVpc,
      functionName: `directory-${colour}-client`,
      handlerPath: "directory/directory-client.ts",
      description: `The ${colour} client: GET the directory service unsigned, return status and body`,
      environment: { ENDPOINT: endpoint },
    });
    if (props.signedClients === true) {
      const signed = (name: string, allowed: boolean) => {
        const fn = new NodeFunction(this, name, {
          ...inVpc,
          functionName: `directory-${colour}-${allowed ? "signed" : "unpermitted"}-client`,
          handlerPath: "directory/signed-client.ts",
          description: `SigV4-signed ${colour} client${allowed ? "" : " whose role may not invoke the service"}`,
          environment: { ENDPOINT: endpoint },
        });
        if (allowed) {
          // Lattice service ids are generated at deploy: the grant names the service by its ARN in a
          // condition, over the service paths of the shared services account.
          const services = `arn:aws:vpc-lattice:${this.region}:${props.sharedServicesAccount}:service/*`;
          fn.executionRole.addToPolicy(
            new iam.PolicyStatement({
              sid: "InvokeDirectoryService",
              actions: ["vpc-lattice-svcs:Invoke"],
              resources: [services],
              conditions: { StringEquals: { "vpc-lattice-svcs:ServiceArn": props.serviceArn } },
            }),
          );
          acknowledge(
            fn.executionRole,
            "AwsSolutions-IAM5",
            "vpc-lattice-svcs:Invoke acts on service/<id>/<path>; the grant is limited to the one directory service by the vpc-lattice-svcs:ServiceArn condition (the id is generated at deploy).",
            [`Resource::${services}`],
          );
        }
        return fn;
      };
      signed("SignedClient", true);
      signed("UnpermittedClient", false);
    }
    new CfnOutput(this, "ClientFunctionName", { value: this.client.functionName });
  }
}
