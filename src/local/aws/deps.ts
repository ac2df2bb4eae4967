// The narrow interfaces the local AWS endpoint needs from the rest of the runtime. The composition
// root adapts the IAM credential registry, the policy evaluator and the network state to them.
import type { Principal } from "../iam/types.js";

/**
 * Who holds an access key id: the credential registry's answer, with the secret to verify SigV4.
 * `sessionToken` is the request's X-Amz-Security-Token: a temporary key (ASIA…) is known only with its
 * own token. `session` marks temporary credentials and says when they expire.
 */
export interface CallerDirectory {
  lookup(
    accessKeyId: string,
    sessionToken?: string,
  ):
    | {
        readonly principal: Principal;
        readonly secretAccessKey: string;
        readonly session?: { readonly expiration: Date };
      }
    | undefined;
}

/** Which account and region an EC2 describe call looks at. */
export interface Ec2Scope {
  readonly account: string;
  readonly region: string;
}

export interface Ec2Tag {
  readonly Key: string;
  readonly Value: string;
}

/** A network interface shaped as EC2's DescribeNetworkInterfaces output (SDK v3 member names). */
export interface Ec2NetworkInterface {
  readonly NetworkInterfaceId: string;
  readonly SubnetId: string;
  readonly VpcId: string;
  readonly AvailabilityZone: string;
  readonly PrivateIpAddress: string;
  readonly PrivateIpAddresses: readonly { readonly PrivateIpAddress: string; readonly Primary: boolean }[];
  readonly Description: string;
  readonly OwnerId: string;
  /** `interface`, `vpc_endpoint`, `network_load_balancer`, ... */
  readonly InterfaceType: string;
  readonly Status: "available" | "in-use";
  readonly RequesterManaged: boolean;
  readonly Groups: readonly { readonly GroupId: string; readonly GroupName: string }[];
  readonly TagSet: readonly Ec2Tag[];
}

/** A managed prefix list shaped as EC2's DescribeManagedPrefixLists output. */
export interface Ec2ManagedPrefixList {
  readonly PrefixListId: string;
  readonly PrefixListName: string;
  readonly PrefixListArn: string;
  readonly AddressFamily: "IPv4" | "IPv6";
  readonly State: string;
  /** `AWS` for AWS-managed lists (com.amazonaws.<region>.dynamodb), else the owning account. */
  readonly OwnerId: string;
  readonly Tags: readonly Ec2Tag[];
}

/**
 * What the account can see of the local network. Return every interface / prefix list visible to
 * the account in the region (AWS-managed prefix lists included); the EC2 endpoint applies the
 * request's ids and filters.
 */
export interface Ec2View {
  describeNetworkInterfaces(scope: Ec2Scope): readonly Ec2NetworkInterface[];
  describeManagedPrefixLists(scope: Ec2Scope): readonly Ec2ManagedPrefixList[];
}
