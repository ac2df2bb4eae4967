// Resource providers behind EC2 instances run as local processes: AWS::IAM::InstanceProfile (its
// role), AWS::EC2::LaunchTemplate (image, type, profile and the user data's units; a template whose
// user data cannot run natively is a placeholder, reported by name) and AWS::AutoScaling::
// AutoScalingGroup (capacity, subnets, target groups).
import { stableId } from "../../../../shared/ids.js";
import {
  notRunnableLocally,
  optionalText,
  requiredText,
  resourceLabel,
  textList,
} from "../../../assembly/resource-properties.js";
import type { ResourceProvider } from "../../../assembly/types.js";
import { planUserData } from "../../../workloads/user-data-plan.js";
import type { AutoScalingState } from "./autoscaling-state.js";

export function createAutoScalingProviders(state: AutoScalingState): ResourceProvider[] {
  return [
    {
      type: "AWS::IAM::InstanceProfile",
      properties: ["Roles", "InstanceProfileName", "Path"],
      async create(resource) {
        const { account, stackName } = resource.stack;
        const name =
          optionalText(resource, "InstanceProfileName") ??
          `${stackName}-${resource.logicalId}-${stableId([account, stackName, resource.logicalId], 12, "alnum")}`;
        const arn = `arn:aws:iam::${account}:instance-profile${optionalText(resource, "Path") ?? "/"}${name}`;
        const [role] = textList(resource, "Roles");
        const roleArn =
          role === undefined
            ? undefined
            : role.startsWith("arn:")
              ? role
              : `arn:aws:iam::${account}:role/${role}`;
        state.profiles.set(arn, roleArn);
        state.profiles.set(name, roleArn);
        return { ref: name, attributes: { Arn: arn } };
      },
    },
    {
      type: "AWS::EC2::LaunchTemplate",
      properties: ["LaunchTemplateData", "LaunchTemplateName", "TagSpecifications", "VersionDescription"],
      async create(resource) {
        const { account, region, stackName } = resource.stack;
        const data = (resource.properties.LaunchTemplateData ?? {}) as Record<string, unknown>;
        const profile = data.IamInstanceProfile as { Arn?: unknown; Name?: unknown } | undefined;
        const profileKey = String(profile?.Arn ?? profile?.Name ?? "");
        const userData =
          typeof data.UserData === "string" ? Buffer.from(data.UserData, "base64").toString("utf8") : "";
        const units = planUserData(userData, resource.stack.assets);
        if ("notRunnable" in units) {
          throw notRunnableLocally(
            resource,
            "EC2_USER_DATA_NOT_RUNNABLE",
            `${resourceLabel(resource)}: its instances cannot run as local processes: ${units.notRunnable}.`,
          );
        }
        const id = `lt-${stableId([account, region, stackName, resource.logicalId], 17)}`;
        state.launchTemplates.set(id, {
          id,
          account,
          region,
          imageId: String(data.ImageId ?? ""),
          instanceType: String(data.InstanceType ?? "t3.micro"),
          roleArn: state.profiles.get(profileKey),
          units,
        });
        return {
          ref: id,
          attributes: { LaunchTemplateId: id, LatestVersionNumber: "1", DefaultVersionNumber: "1" },
        };
      },
    },
    {
      type: "AWS::AutoScaling::AutoScalingGroup",
      properties: [
        "LaunchTemplate",
        "MinSize",
        "MaxSize",
        "DesiredCapacity",
        "VPCZoneIdentifier",
        "TargetGroupARNs",
        "HealthCheckType",
        "HealthCheckGracePeriod",
        "AutoScalingGroupName",
        "Tags",
      ],
      async create(resource) {
        const { account, region, stackName } = resource.stack;
        const launchTemplate = resource.properties.LaunchTemplate as
          | { LaunchTemplateId?: unknown }
          | undefined;
        const launchTemplateId = String(launchTemplate?.LaunchTemplateId ?? "");
        if (!state.launchTemplates.has(launchTemplateId)) {
          throw notRunnableLocally(
            resource,
            "EC2_LAUNCH_TEMPLATE_NOT_RUNNABLE",
            `${resourceLabel(resource)}: its launch template ${launchTemplateId || "(none: launch configurations are not run locally)"} does not run locally (see that resource's report).`,
          );
        }
        const name =
          optionalText(resource, "AutoScalingGroupName") ??
          `${stackName}-${resource.logicalId}-${stableId([account, stackName, resource.logicalId], 12, "alnum").toUpperCase()}`;
        const minSize = Number(requiredText(resource, "MinSize"));
        const maxSize = Number(requiredText(resource, "MaxSize"));
        const desired = optionalText(resource, "DesiredCapacity");
        state.groups.set(name, {
          name,
          arn: `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:${stableId([name], 8)}-${stableId([name, "uuid"], 4)}-${stableId([name, "g"], 4)}:autoScalingGroupName/${name}`,
          account,
          region,
          launchTemplateId,
          minSize,
          maxSize,
          desiredCapacity: desired === undefined ? minSize : Number(desired),
          subnets: textList(resource, "VPCZoneIdentifier"),
          targetGroupArns: textList(resource, "TargetGroupARNs"),
          label: resourceLabel(resource),
        });
        return { ref: name, attributes: {} };
      },
    },
  ];
}
