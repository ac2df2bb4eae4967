// Customer endpoint services (AWS PrivateLink): `AWS::EC2::VPCEndpointService` in front of network load
// balancers and `AWS::EC2::VPCEndpointServicePermissions` (its allowed principals), and the rule an
// interface endpoint to such a service meets when it is created, as AWS applies it: a consumer account
// not among the allowed principals does not see the service ("The Vpc Endpoint Service '<name>' does
// not exist", aws-cdk#28851), and a service with AcceptanceRequired leaves the endpoint
// `pendingAcceptance`, carrying no traffic (EC2 API reference, VpcEndpoint State).
import { stableId } from "../../../../shared/ids.js";
import {
  notRunnableLocally,
  requiredText,
  resourceLabel,
  textList,
} from "../../../assembly/resource-properties.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { EndpointService, NetworkState } from "../../../network/network-state.js";

const CUSTOMER_SERVICE = /^com\.amazonaws\.vpce\.[a-z0-9-]+\.vpce-svc-[0-9a-f]+$/;

export function createEndpointServiceProviders(network: NetworkState): ResourceProvider[] {
  return [
    {
      type: "AWS::EC2::VPCEndpointService",
      properties: [
        "NetworkLoadBalancerArns",
        "AcceptanceRequired",
        "ContributorInsightsEnabled",
        "PayerResponsibility",
        "Tags",
      ],
      async create(resource) {
        const { account, region, stackName } = resource.stack;
        const id = `vpce-svc-${stableId([account, region, stackName, resource.logicalId], 17)}`;
        const serviceName = `com.amazonaws.vpce.${region}.${id}`;
        network.endpointServices.set(serviceName, {
          id,
          serviceName,
          account,
          region,
          // CloudFormation's default is false; CDK's VpcEndpointService sets true unless told (aws-cdk#5498).
          acceptanceRequired:
            resource.properties.AcceptanceRequired === true ||
            resource.properties.AcceptanceRequired === "true",
          networkLoadBalancerArns: textList(resource, "NetworkLoadBalancerArns"),
          allowedPrincipals: [],
        });
        return { ref: id, attributes: { ServiceId: id } };
      },
    },
    {
      type: "AWS::EC2::VPCEndpointServicePermissions",
      properties: ["ServiceId", "AllowedPrincipals"],
      async create(resource) {
        const serviceId = requiredText(resource, "ServiceId");
        const service = [...network.endpointServices.values()].find((s) => s.id === serviceId);
        if (service === undefined) {
          throw notRunnableLocally(
            resource,
            "EC2_UNKNOWN_ENDPOINT_SERVICE",
            `${resourceLabel(resource)}: ServiceId ${serviceId} names no AWS::EC2::VPCEndpointService of the assembly.`,
          );
        }
        service.allowedPrincipals = textList(resource, "AllowedPrincipals");
        return { ref: `${serviceId}-permissions` };
      },
    },
  ];
}

/**
 * The state a new interface endpoint of `account` to `serviceName` takes (undefined: an AWS service,
 * always available). Throws (not runnable locally, reported at start-up) with AWS's reason when the
 * account may not see the service.
 */
export function connectionState(
  network: NetworkState,
  resource: ResolvedResource,
  serviceName: string,
): "available" | "pendingAcceptance" | undefined {
  if (!CUSTOMER_SERVICE.test(serviceName)) return undefined;
  const service = network.endpointServices.get(serviceName);
  const { account } = resource.stack;
  if (service === undefined || !allows(service, account)) {
    throw notRunnableLocally(
      resource,
      "EC2_ENDPOINT_SERVICE_NOT_ALLOWED",
      `${resourceLabel(resource)}: The Vpc Endpoint Service '${serviceName}' does not exist` +
        (service === undefined
          ? " (no AWS::EC2::VPCEndpointService of the assembly has this name)."
          : ` (account ${account} is not among its allowed principals ${JSON.stringify(service.allowedPrincipals)}; the service's owner ${service.account} must add arn:aws:iam::${account}:root with AWS::EC2::VPCEndpointServicePermissions).`),
      { serviceName },
    );
  }
  return service.acceptanceRequired && service.account !== account ? "pendingAcceptance" : "available";
}

/** `*`, the account's root, or any IAM principal of the account (the one CloudFormation deploys as). */
function allows(service: EndpointService, account: string): boolean {
  if (service.account === account) return true;
  return service.allowedPrincipals.some(
    (principal) => principal === "*" || principal.split(":")[4] === account,
  );
}
