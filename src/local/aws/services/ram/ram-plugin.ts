// AWS RAM: resource shares from the templates (AWS::RAM::ResourceShare) and, in-process, ListResources
// for the resources shared with the calling account (`resourceOwner: OTHER-ACCOUNTS`), which other
// services ask before letting another account use a resource (VPC Lattice: associating a VPC with a
// shared service network). GetShareVerdict tells why a resource is not shared, for start-up errors.
// Source: AWS RAM API Reference, ListResources.
import { stableId } from "../../../../shared/ids.js";
import { requiredText, textList } from "../../../assembly/resource-properties.js";
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import type { AwsOperation } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import { ResourceShares } from "./ram-shares.js";

export const ramPlugin: ServicePlugin = {
  name: "ram",
  start(platform) {
    const shares = new ResourceShares();
    for (const stack of platform.model.stacks) shares.organization.add(stack.account);
    const listResources: AwsOperation = async (input, context) => {
      const account = context.caller.account;
      const decision = authorizeCall(platform.authorizer, context, {
        action: "ram:ListResources",
        resource: "*",
        resourceAccount: account,
      });
      if (!decision.allowed) {
        throw new AwsError(
          "AccessDeniedException",
          accessDeniedMessage(context.caller.principal, "ram:ListResources", undefined, decision),
        );
      }
      const owner = String(input.resourceOwner ?? "");
      if (owner !== "SELF" && owner !== "OTHER-ACCOUNTS") {
        throw new AwsError(
          "InvalidParameterException",
          `resourceOwner must be SELF or OTHER-ACCOUNTS; received ${JSON.stringify(input.resourceOwner)}.`,
        );
      }
      const wanted = Array.isArray(input.resourceArns) ? new Set(input.resourceArns.map(String)) : undefined;
      const resources: Record<string, unknown>[] = [];
      for (const share of shares.shares) {
        for (const arn of share.resourceArns) {
          if (wanted !== undefined && !wanted.has(arn)) continue;
          const visible =
            owner === "SELF"
              ? share.account === account
              : shares.verdict(arn, account).shared && share.account !== account;
          if (visible)
            resources.push({
              arn,
              type: arn.split(":")[2] ?? "",
              resourceShareArn: share.arn,
              status: "AVAILABLE",
            });
        }
      }
      return { resources };
    };
    /** Not an AWS operation: the reason a resource is not shared with the caller (for start-up errors). */
    const getShareVerdict: AwsOperation = async (input, context) => {
      const verdict = shares.verdict(String(input.resourceArn), context.caller.account);
      return verdict.shared
        ? { shared: true, resourceShareArn: verdict.share.arn }
        : { shared: false, reason: verdict.reason };
    };
    const operations = { ListResources: listResources, GetShareVerdict: getShareVerdict };
    return {
      providers: [
        {
          type: "AWS::RAM::ResourceShare",
          properties: [
            "Name",
            "AllowExternalPrincipals",
            "Principals",
            "ResourceArns",
            "PermissionArns",
            "Sources",
            "Tags",
          ],
          async create(resource) {
            const { account, region } = resource.stack;
            const name = requiredText(resource, "Name");
            const arn = `arn:aws:ram:${region}:${account}:resource-share/${stableId([account, region, name], 8)}-${stableId([name], 4)}-${stableId([region, name], 4)}-${stableId([account, name], 4)}-${stableId([account, region], 12)}`;
            shares.add({
              arn,
              name,
              account,
              region,
              allowExternalPrincipals:
                String(resource.properties.AllowExternalPrincipals ?? true) !== "false",
              principals: textList(resource, "Principals"),
              resourceArns: textList(resource, "ResourceArns"),
            });
            return { ref: arn, attributes: { Arn: arn } };
          },
        },
      ],
      api: {
        signingName: "ram",
        protocol: { kind: "rest-json" },
        operations,
        implemented: [],
        routes: [],
        handle: async (call) => {
          throw new AwsError(
            "NotImplemented",
            `accountmesh serves AWS RAM in-process only (${call.operation} is not on the local endpoint).`,
            501,
          );
        },
      },
    };
  },
};
