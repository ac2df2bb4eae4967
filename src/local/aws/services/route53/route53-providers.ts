// Resource providers for Route 53 private hosted zones and their records: names that resolve only
// inside the VPCs a zone is associated with.
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import {
  optionalText,
  requiredText,
  resourceLabel,
  textList,
} from "../../../assembly/resource-properties.js";
import type { ResourceProvider } from "../../../assembly/types.js";
import { type NetworkState, normalizeName } from "../../../network/network-state.js";

export function createRoute53Providers(network: NetworkState): ResourceProvider[] {
  return [
    {
      type: "AWS::Route53::HostedZone",
      properties: ["Name", "VPCs", "HostedZoneConfig", "HostedZoneTags"],
      async create(resource) {
        const id = `Z${stableId([resource.stack.account, resource.stack.stackName, resource.logicalId], 20).toUpperCase()}`;
        const vpcs = (resource.properties.VPCs as { VPCId?: unknown }[] | undefined) ?? [];
        if (vpcs.length === 0) {
          throw new AccountmeshError(
            "NETWORK_PUBLIC_ZONE_UNSUPPORTED",
            `${resourceLabel(resource)} is a public hosted zone; only private hosted zones (with VPCs) are supported locally.`,
          );
        }
        const name = normalizeName(requiredText(resource, "Name"));
        network.addZone({ id, name, vpcIds: vpcs.map((v) => String(v.VPCId)), records: new Map() });
        return { ref: id, attributes: { Id: id, NameServers: [] } };
      },
    },
    {
      type: "AWS::Route53::RecordSet",
      properties: [
        "HostedZoneId",
        "HostedZoneName",
        "Name",
        "Type",
        "AliasTarget",
        "ResourceRecords",
        "TTL",
        "Comment",
      ],
      async create(resource) {
        const zoneId = optionalText(resource, "HostedZoneId");
        const zoneName = optionalText(resource, "HostedZoneName");
        const zone = [...network.zones.values()].find(
          (z) => z.id === zoneId || (zoneName !== undefined && z.name === normalizeName(zoneName)),
        );
        if (zone === undefined) {
          throw new AccountmeshError(
            "NETWORK_UNKNOWN_ZONE",
            `${resourceLabel(resource)} names hosted zone ${zoneId ?? zoneName}, which is not a private zone of this system.`,
          );
        }
        const name = normalizeName(requiredText(resource, "Name"));
        const type = requiredText(resource, "Type");
        const alias = resource.properties.AliasTarget as { DNSName?: unknown } | undefined;
        zone.records.set(name, {
          type,
          ...(alias?.DNSName === undefined ? {} : { aliasTarget: String(alias.DNSName) }),
          values: textList(resource, "ResourceRecords"),
        });
        return { ref: name };
      },
    },
  ];
}
