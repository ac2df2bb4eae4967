// endpoints.json's content: every entry point of the running system, credentials per account, and
// the sections services add (e.g. API Gateway's REST API ids).
import type { EndpointsFile } from "../endpoints-file.js";
import type { CredentialRegistry } from "../iam/credential-registry.js";
import type { NetworkState } from "../network/network-state.js";
import type { ServedFrontDoors } from "./serve-front-doors.js";

export function describeEndpoints(
  network: NetworkState,
  frontDoors: ServedFrontDoors,
  credentials: CredentialRegistry,
  system: {
    readonly aws: string;
    readonly region: string;
    readonly caFile: string | undefined;
    readonly accounts: readonly string[];
    /** Sections services contribute, merged in list order. */
    readonly sections: readonly Readonly<Record<string, unknown>>[];
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
  for (const { door, url } of frontDoors.listeners) {
    const entry = loadBalancers[door.label] ?? {
      arn: door.loadBalancerArn,
      dnsName: door.dnsName,
      vpc: network.vpcs.get(door.vpcId)?.name ?? door.vpcId,
      listeners: {},
    };
    entry.listeners[String(door.port)] = url;
    loadBalancers[door.label] = entry;
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
    restApis: {},
    ...Object.assign({}, ...system.sections),
    accounts,
  };
}
