// AWS pseudo parameters of a stack (pure, deterministic).
import { stableId } from "../../shared/ids.js";
import { NO_VALUE } from "./intrinsic-values.js";
import type { StackArtifact } from "./types.js";

function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

function urlSuffixOf(region: string): string {
  return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}

/** `arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>`, the uuid stable per stack. */
export function stackIdOf(stack: StackArtifact): string {
  const hex = stableId([stack.account, stack.region, stack.stackName], 32);
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return `arn:${partitionOf(stack.region)}:cloudformation:${stack.region}:${stack.account}:stack/${stack.stackName}/${uuid}`;
}

/** Value of `Ref: AWS::<name>` for the stack, or undefined when `name` is no pseudo parameter. */
export function pseudoParameter(name: string, stack: StackArtifact): unknown {
  switch (name) {
    case "AWS::AccountId":
      return stack.account;
    case "AWS::Region":
      return stack.region;
    case "AWS::Partition":
      return partitionOf(stack.region);
    case "AWS::StackName":
      return stack.stackName;
    case "AWS::StackId":
      return stackIdOf(stack);
    case "AWS::URLSuffix":
      return urlSuffixOf(stack.region);
    case "AWS::NoValue":
      return NO_VALUE;
    case "AWS::NotificationARNs":
      return [];
    default:
      return undefined;
  }
}

/** The three Availability Zones the local runtime gives every region: `<region>a`, `b`, `c`. */
export function availabilityZones(region: string): string[] {
  return ["a", "b", "c"].map((letter) => `${region}${letter}`);
}
