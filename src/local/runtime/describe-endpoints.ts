// endpoints.json's content: every entry point of the running system, and credentials per account.
import type { EndpointsFile } from "../endpoints-file.js";
import type { CredentialRegistry } from "../iam/credential-registry.js";
import type { NetworkState } from "../network/network-state.js";
import type { ServedFrontDoors } from "./front-doors.js";

export function describeEndpoints(
  network: NetworkState,
  frontDoors: ServedFrontDoors,
  credentials: CredentialRegistry,
  system: {
    aws: string;
    region: string;
    caFile: string | undefined;
    accounts: readonly string[];
    restApis: readonly { id: string; name: string; account: string }[];
  },
): EndpointsFile {
  const { aws, region, caFile } = system;
  const vpcs: Record<string, EndpointsFile["vpcs"][string]> = {};
  for (const vpc of network.vpcs.values()) {
    vpcs[vpc.name] = { vpcId: vpc.id, account: vpc.account, proxy: frontDoors.proxies.get(vpc.id) ?? "" };
  }
  const loadBalancers: Record<
    string,
    { arn: string; dnsName: string; vpc: string; listeners: Record<string, string> }
  > = {};
  for (const { loadBalancer, port, url } of frontDoors.listeners.values()) {
    const entry = loadBalancers[loadBalancer.label] ?? {
      arn: loadBalancer.arn,
      dnsName: loadBalancer.dnsName,
      vpc: network.vpcs.get(loadBalancer.vpcId)?.name ?? loadBalancer.vpcId,
      listeners: {},
    };
    entry.listeners[String(port)] = url;
    loadBalancers[loadBalancer.label] = entry;
  }
  const accounts: Record<string, EndpointsFile["accounts"][string]> = {};
  for (const account of system.accounts) {
    const admin = credentials.adminFor(account);
    accounts[account] = {
      accessKeyId: admin.accessKeyId,
      secretAccessKey: admin.secretAccessKey,
      principal: `arn:aws:iam::${account}:root`,
    };
  }
  return {
    version: 1,
    aws,
    region,
    ...(caFile === undefined ? {} : { caFile }),
    vpcs,
    internet: frontDoors.internetProxy,
    loadBalancers,
    restApis: Object.fromEntries(system.restApis.map((api) => [`${api.account}/${api.name}`, api.id])),
    accounts,
  };
}
