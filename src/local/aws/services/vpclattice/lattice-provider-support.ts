// What the VPC Lattice providers share: their dependencies, ids and ARNs in AWS's formats, the
// generated names, and the lookups of networks and services by ARN or id (with the RAM check).
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import { optionalText, resourceLabel } from "../../../assembly/resource-properties.js";
import type { ResolvedResource } from "../../../assembly/types.js";
import type { NetworkState } from "../../../network/network-state.js";
import type { AuthType, LatticeService, LatticeState, ServiceNetwork } from "./lattice-state.js";

export interface LatticeProviderDeps {
  readonly state: LatticeState;
  readonly network: NetworkState;
  /**
   * Why `account` may not use `network` (undefined: it may): the network's own account always may;
   * another needs a RAM share of the network (asked through the in-process AWS client).
   */
  whyNotShared(network: ServiceNetwork, account: string, region: string): Promise<string | undefined>;
}

export const TAGS = ["Tags"];

export function hexId(prefix: string, parts: readonly string[]): string {
  return `${prefix}-${stableId(parts, 17)}`;
}

export function arnOf(resource: ResolvedResource, path: string): string {
  return `arn:aws:vpc-lattice:${resource.stack.region}:${resource.stack.account}:${path}`;
}

export function authType(resource: ResolvedResource): AuthType {
  const value = optionalText(resource, "AuthType") ?? "NONE";
  if (value !== "NONE" && value !== "AWS_IAM") {
    throw new AccountmeshError(
      "LATTICE_INVALID_PROPERTY",
      `${resourceLabel(resource)}: AuthType must be NONE or AWS_IAM; received ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** CloudFormation's generated name: lower case, letters, digits and hyphens, at most 40 characters. */
export function latticeName(resource: ResolvedResource): string {
  return (
    optionalText(resource, "Name") ??
    `${resource.logicalId
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "")
      .slice(
        0,
        26,
      )}-${stableId([resource.stack.account, resource.stack.stackName, resource.logicalId], 12, "alnum").toLowerCase()}`
  );
}

export interface LatticeLookups {
  requireNetwork(resource: ResolvedResource, identifier: string): ServiceNetwork;
  requireService(resource: ResolvedResource, identifier: string): LatticeService;
  /** Throws LATTICE_NETWORK_NOT_SHARED unless the resource's account may use `target`. */
  assertShared(resource: ResolvedResource, target: ServiceNetwork, what: string): Promise<void>;
}

export function latticeLookups(deps: LatticeProviderDeps): LatticeLookups {
  const { state } = deps;
  const requireNetwork = (resource: ResolvedResource, identifier: string): ServiceNetwork => {
    const found = state.network(identifier);
    if (found === undefined) {
      throw new AccountmeshError(
        "LATTICE_UNKNOWN_SERVICE_NETWORK",
        `${resourceLabel(resource)}: ServiceNetworkIdentifier ${identifier} is no service network provisioned locally (another account's network must be named by its ARN).`,
        { identifier },
      );
    }
    return found;
  };
  const requireService = (resource: ResolvedResource, identifier: string) => {
    const found = state.service(identifier);
    if (found === undefined) {
      throw new AccountmeshError(
        "LATTICE_UNKNOWN_SERVICE",
        `${resourceLabel(resource)}: ServiceIdentifier ${identifier} is no VPC Lattice service provisioned locally.`,
        { identifier },
      );
    }
    return found;
  };
  const assertShared = async (resource: ResolvedResource, target: ServiceNetwork, what: string) => {
    const { account, region } = resource.stack;
    const why = await deps.whyNotShared(target, account, region);
    if (why !== undefined) {
      throw new AccountmeshError(
        "LATTICE_NETWORK_NOT_SHARED",
        `${resourceLabel(resource)}: account ${account} cannot associate ${what} with service network ${target.name} (${target.arn}) of account ${target.account}: ${why}. Share the network with ${account} through AWS RAM (AWS::RAM::ResourceShare with Principals [${account}]).`,
        { account, network: target.arn, reason: why },
      );
    }
  };
  return { requireNetwork, requireService, assertShared };
}
