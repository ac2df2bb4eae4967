// Resource providers for the VPC Lattice associations (service ↔ network, VPC ↔ network), with the
// RAM check of an association made from another account, and for auth policies.
// Source: AWS CloudFormation resource reference, AWS::VpcLattice::* (Ref and Fn::GetAtt).
import { AccountmeshError } from "../../../../shared/errors.js";
import { requiredText, resourceLabel } from "../../../assembly/resource-properties.js";
import type { ResourceProvider } from "../../../assembly/types.js";
import type { PolicyDocument } from "../../../iam/types.js";
import { arnOf, hexId, type LatticeProviderDeps, latticeLookups, TAGS } from "./lattice-provider-support.js";

export function createAssociationProviders(deps: LatticeProviderDeps): ResourceProvider[] {
  const { state, network } = deps;
  const { requireNetwork, requireService, assertShared } = latticeLookups(deps);
  return [
    {
      type: "AWS::VpcLattice::ServiceNetworkServiceAssociation",
      properties: ["ServiceIdentifier", "ServiceNetworkIdentifier", "DnsEntry", ...TAGS],
      async create(resource) {
        const service = requireService(resource, requiredText(resource, "ServiceIdentifier"));
        const target = requireNetwork(resource, requiredText(resource, "ServiceNetworkIdentifier"));
        await assertShared(resource, target, `service ${service.name}`);
        const services = state.serviceAssociations.get(target.arn) ?? new Set<string>();
        services.add(service.arn);
        state.serviceAssociations.set(target.arn, services);
        const id = hexId("snsa", [target.arn, service.arn]);
        const arn = arnOf(resource, `servicenetworkserviceassociation/${id}`);
        return {
          ref: arn,
          attributes: {
            Arn: arn,
            Id: id,
            ServiceArn: service.arn,
            ServiceId: service.id,
            ServiceName: service.name,
            ServiceNetworkArn: target.arn,
            ServiceNetworkId: target.id,
            ServiceNetworkName: target.name,
            "DnsEntry.DomainName": service.dnsName,
          },
        };
      },
    },
    {
      type: "AWS::VpcLattice::ServiceNetworkVpcAssociation",
      properties: ["ServiceNetworkIdentifier", "VpcIdentifier", "SecurityGroupIds", ...TAGS],
      async create(resource) {
        const { account } = resource.stack;
        const target = requireNetwork(resource, requiredText(resource, "ServiceNetworkIdentifier"));
        const vpcId = requiredText(resource, "VpcIdentifier");
        const vpc = network.requireVpc(vpcId, resourceLabel(resource));
        if (vpc.account !== account) {
          throw new AccountmeshError(
            "LATTICE_FOREIGN_VPC",
            `${resourceLabel(resource)}: VPC ${vpcId} belongs to account ${vpc.account}; an account associates only its own VPCs.`,
          );
        }
        await assertShared(resource, target, `VPC ${vpcId}`);
        const existing = state.vpcAssociations.get(vpcId);
        if (existing !== undefined) {
          throw new AccountmeshError(
            "LATTICE_VPC_ALREADY_ASSOCIATED",
            `${resourceLabel(resource)}: VPC ${vpcId} is already associated with ${existing.networkArn}; a VPC joins at most one service network.`,
          );
        }
        const id = hexId("snva", [target.arn, vpcId]);
        const arn = arnOf(resource, `servicenetworkvpcassociation/${id}`);
        state.vpcAssociations.set(vpcId, { arn, networkArn: target.arn, vpcId, account });
        return {
          ref: arn,
          attributes: {
            Arn: arn,
            Id: id,
            ServiceNetworkArn: target.arn,
            ServiceNetworkId: target.id,
            ServiceNetworkName: target.name,
            VpcId: vpcId,
          },
        };
      },
    },
    {
      type: "AWS::VpcLattice::AuthPolicy",
      properties: ["ResourceIdentifier", "Policy"],
      async create(resource) {
        const identifier = requiredText(resource, "ResourceIdentifier");
        const owner = state.service(identifier) ?? state.network(identifier);
        if (owner === undefined) {
          throw new AccountmeshError(
            "LATTICE_UNKNOWN_RESOURCE",
            `${resourceLabel(resource)}: ResourceIdentifier ${identifier} is no service or service network provisioned locally.`,
          );
        }
        const policy = resource.properties.Policy as PolicyDocument | undefined;
        if (policy === undefined || typeof policy !== "object" || policy.Statement === undefined) {
          throw new AccountmeshError(
            "LATTICE_INVALID_PROPERTY",
            `${resourceLabel(resource)}: Policy must be a policy document with Statement.`,
          );
        }
        state.authPolicies.set(owner.arn, policy);
        return { ref: owner.id, attributes: { State: owner.authType === "AWS_IAM" ? "Active" : "Inactive" } };
      },
    },
  ];
}
