// EC2 describe filters (`Filter.N.Name` / `Filter.N.Value.M`): a resource matches when every filter
// matches, and a filter matches when any of its values does (`*` and `?` are wildcards, as in EC2).
import type { Ec2ManagedPrefixList, Ec2NetworkInterface, Ec2Tag } from "../../deps.js";
import { AwsError } from "../../protocol/aws-error.js";

export interface Ec2Filter {
  readonly Name: string;
  readonly Values: readonly string[];
}

type Accessor<T> = (item: T) => readonly string[];

const one =
  <T>(read: (item: T) => string | boolean | undefined): Accessor<T> =>
  (item) => {
    const value = read(item);
    return value === undefined ? [] : [String(value)];
  };

const NETWORK_INTERFACE_FILTERS: Readonly<Record<string, Accessor<Ec2NetworkInterface>>> = {
  "network-interface-id": one((n) => n.NetworkInterfaceId),
  "vpc-id": one((n) => n.VpcId),
  "subnet-id": one((n) => n.SubnetId),
  "availability-zone": one((n) => n.AvailabilityZone),
  description: one((n) => n.Description),
  "interface-type": one((n) => n.InterfaceType),
  "owner-id": one((n) => n.OwnerId),
  status: one((n) => n.Status),
  "requester-managed": one((n) => n.RequesterManaged),
  "private-ip-address": (n) => n.PrivateIpAddresses.map((a) => a.PrivateIpAddress),
  "addresses.private-ip-address": (n) => n.PrivateIpAddresses.map((a) => a.PrivateIpAddress),
  "group-id": (n) => n.Groups.map((g) => g.GroupId),
  "group-name": (n) => n.Groups.map((g) => g.GroupName),
  "tag-key": (n) => n.TagSet.map((t) => t.Key),
};

const PREFIX_LIST_FILTERS: Readonly<Record<string, Accessor<Ec2ManagedPrefixList>>> = {
  "prefix-list-id": one((p) => p.PrefixListId),
  "prefix-list-name": one((p) => p.PrefixListName),
  "owner-id": one((p) => p.OwnerId),
  "tag-key": (p) => p.Tags.map((t) => t.Key),
};

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`);
}

function accessorFor<T>(
  name: string,
  known: Readonly<Record<string, Accessor<T>>>,
  tags: (item: T) => readonly Ec2Tag[],
): Accessor<T> {
  if (name.startsWith("tag:")) {
    const key = name.slice(4);
    return (item) =>
      tags(item)
        .filter((t) => t.Key === key)
        .map((t) => t.Value);
  }
  const accessor = known[name];
  if (accessor === undefined) {
    throw new AwsError(
      "InvalidParameterValue",
      `The filter '${name}' is invalid (accountmesh supports: ${Object.keys(known).join(", ")}, tag:<key>).`,
    );
  }
  return accessor;
}

function applyFilters<T>(
  items: readonly T[],
  filters: readonly Ec2Filter[],
  known: Readonly<Record<string, Accessor<T>>>,
  tags: (item: T) => readonly Ec2Tag[],
): T[] {
  const compiled = filters.map((f) => ({
    read: accessorFor(f.Name, known, tags),
    patterns: f.Values.map(wildcard),
  }));
  return items.filter((item) =>
    compiled.every(({ read, patterns }) => read(item).some((value) => patterns.some((p) => p.test(value)))),
  );
}

export function filterNetworkInterfaces(
  items: readonly Ec2NetworkInterface[],
  filters: readonly Ec2Filter[],
): Ec2NetworkInterface[] {
  return applyFilters(items, filters, NETWORK_INTERFACE_FILTERS, (n) => n.TagSet);
}

export function filterManagedPrefixLists(
  items: readonly Ec2ManagedPrefixList[],
  filters: readonly Ec2Filter[],
): Ec2ManagedPrefixList[] {
  return applyFilters(items, filters, PREFIX_LIST_FILTERS, (p) => p.Tags);
}
