// EC2 (ec2Query protocol): DescribeNetworkInterfaces and DescribeManagedPrefixLists over the local
// network state (Ec2View), IAM-checked as `ec2:<Action>` on `*`, answered in EC2's XML.

import type { Authorizer } from "../../../iam/types.js";
import type { AwsOperation, AwsService, OperationContext } from "../../aws-service.js";
import type { Ec2View } from "../../deps.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import { ec2Result } from "../../protocol/responses.js";
import { filterManagedPrefixLists, filterNetworkInterfaces } from "./ec2-filters.js";
import { filtersInput, queryFilters, queryList, stringListInput } from "./ec2-input.js";
import { membersXml } from "./ec2-xml.js";

const XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";

export interface Ec2ServiceDeps {
  readonly view: Ec2View;
  readonly authorizer: Authorizer;
}

function checkAccess(
  deps: Ec2ServiceDeps,
  operation: string,
  input: Readonly<Record<string, unknown>>,
  context: OperationContext,
): void {
  const action = `ec2:${operation}`;
  const decision = authorizeCall(deps.authorizer, context, {
    action,
    resource: "*",
    resourceAccount: context.caller.account,
  });
  if (!decision.allowed) {
    throw new AwsError(
      "UnauthorizedOperation",
      `You are not authorized to perform this operation. ${accessDeniedMessage(context.caller.principal, action, undefined, decision)}`,
      403,
    );
  }
  if (input.DryRun === true) {
    throw new AwsError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
  }
}

function requireIds<T>(
  items: readonly T[],
  ids: readonly string[] | undefined,
  idOf: (item: T) => string,
  what: string,
): readonly T[] {
  if (ids === undefined) return items;
  const found = new Map(items.map((item) => [idOf(item), item]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const [code, noun] =
      what === "eni"
        ? ["InvalidNetworkInterfaceID.NotFound", "networkInterface"]
        : ["InvalidPrefixListID.NotFound", "prefix list"];
    throw new AwsError(
      code,
      `The ${noun} ID${missing.length > 1 ? "s" : ""} '${missing.join(", ")}' do${missing.length > 1 ? "" : "es"} not exist`,
    );
  }
  return ids.map((id) => found.get(id) as T);
}

export function createEc2Service(deps: Ec2ServiceDeps): AwsService {
  const describeNetworkInterfaces: AwsOperation = async (input, context) => {
    checkAccess(deps, "DescribeNetworkInterfaces", input, context);
    const all = deps.view.describeNetworkInterfaces({
      account: context.caller.account,
      region: context.region,
    });
    const selected = requireIds(
      all,
      stringListInput(input, "NetworkInterfaceIds"),
      (n) => n.NetworkInterfaceId,
      "eni",
    );
    return { NetworkInterfaces: filterNetworkInterfaces(selected, filtersInput(input)) };
  };
  const describeManagedPrefixLists: AwsOperation = async (input, context) => {
    checkAccess(deps, "DescribeManagedPrefixLists", input, context);
    const all = deps.view.describeManagedPrefixLists({
      account: context.caller.account,
      region: context.region,
    });
    const selected = requireIds(all, stringListInput(input, "PrefixListIds"), (p) => p.PrefixListId, "pl");
    return { PrefixLists: filterManagedPrefixLists(selected, filtersInput(input)) };
  };
  const operations: Record<string, AwsOperation> = {
    DescribeNetworkInterfaces: describeNetworkInterfaces,
    DescribeManagedPrefixLists: describeManagedPrefixLists,
  };
  const listParameter: Record<string, [string, string]> = {
    DescribeNetworkInterfaces: ["NetworkInterfaceIds", "NetworkInterfaceId"],
    DescribeManagedPrefixLists: ["PrefixListIds", "PrefixListId"],
  };
  return {
    signingName: "ec2",
    protocol: { kind: "ec2", xmlns: XMLNS },
    operations,
    implemented: Object.keys(operations),
    async handle(call) {
      const operation = operations[call.operation];
      const list = listParameter[call.operation];
      if (operation === undefined || list === undefined) {
        throw new AwsError(
          "InvalidAction",
          `The action ${call.operation} is not valid for this web service.`,
        );
      }
      const input: Record<string, unknown> = {
        [list[0]]: queryList(call.params, list[1]),
        Filters: queryFilters(call.params),
        DryRun: call.params.get("DryRun") === "true",
      };
      const output = await operation(input, call);
      return ec2Result(XMLNS, call.operation, membersXml(output), call.requestId);
    },
  };
}
