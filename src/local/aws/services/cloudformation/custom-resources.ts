// Custom resources: CloudFormation hands a `Custom::*` resource to the Lambda named by its
// ServiceToken. Locally we recognise the providers CDK and accountmesh ship and run their semantics
// natively (the deployed provider code would call AWS APIs we serve in-process anyway):
// - CDK's AwsCustomResource singleton (`AWS679f53fac002430cb0da5b7982bd2287`): one SDK call, as the
//   function's role, IAM-checked;
// - CDK's CfnUtilsProvider `Custom::AWSCDKCfnJsonStringify`;
// - our `Custom::SelfSignedCertificate` (network/certificate-providers.ts).
// Any other custom resource type is reported by name (its provider code is not run locally yet).
import { AccountmeshError } from "../../../../shared/errors.js";
import { customResources } from "../../../assembly/model-queries.js";
import type {
  CloudAssemblyModel,
  Provisioned,
  ResolvedResource,
  ResourceProvider,
} from "../../../assembly/types.js";

const AWS_CUSTOM_RESOURCE_FUNCTION = /^AWS679f53fac002430cb0da5b7982bd2287/;

export interface CustomResourceDeps {
  /** Runs CDK's AwsCustomResource semantics for this (resolved) resource as `roleArn`. */
  runAwsCustomResource(resource: ResolvedResource, roleArn: string): Promise<Provisioned>;
  /** Execution role of a provisioned function, by function ARN. */
  roleOfFunction(functionArn: string): string | undefined;
}

/** Providers for every `Custom::*` type in the model whose ServiceToken is a provider we know. */
export function createCustomResourceProviders(
  model: CloudAssemblyModel,
  deps: CustomResourceDeps,
): ResourceProvider[] {
  const awsCustomResourceTypes = new Set(
    customResources(model)
      .filter((use) => AWS_CUSTOM_RESOURCE_FUNCTION.test(use.serviceTokenFunction ?? ""))
      .map((use) => use.type),
  );
  const providers: ResourceProvider[] = [...awsCustomResourceTypes].map((type) => ({
    type,
    properties: ["ServiceToken", "Create", "Update", "Delete", "InstallLatestAwsSdk", "Timeout"],
    create: (resource: ResolvedResource) => {
      const functionArn = String(resource.properties.ServiceToken);
      const roleArn = deps.roleOfFunction(functionArn);
      if (roleArn === undefined) {
        throw new AccountmeshError(
          "CUSTOM_RESOURCE_NO_ROLE",
          `${resource.stack.stackName}/${resource.logicalId}: the AwsCustomResource function ${functionArn} has no execution role locally.`,
        );
      }
      return deps.runAwsCustomResource(resource, roleArn);
    },
  }));
  providers.push({
    type: "Custom::AWSCDKCfnJsonStringify",
    properties: ["ServiceToken", "Value"],
    async create(resource) {
      return {
        ref: `${resource.logicalId}`,
        attributes: { Value: JSON.stringify(resource.properties.Value) },
      };
    },
  });
  return providers;
}
