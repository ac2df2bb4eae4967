// CodePipeline: deploy-time only. A pipeline moves a cloud assembly into AWS accounts; locally the
// assembly already runs, so pipelines are listed (with what they use, and with their stages, the nested
// assemblies of a CDK pipeline) and nothing of them is started. What a pipeline uses (artifact bucket,
// KMS key, roles) is created by its own services' plugins and stays idle.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { pipelineFootprints } from "./pipeline-footprint.js";

const DEPLOY_TIME =
  "deploy-time only: a pipeline deploys the app to AWS accounts; locally the app's stacks run directly";

export const codePipelinePlugin: ServicePlugin = {
  name: "codepipeline",
  start(platform) {
    return {
      inertTypes: {
        "AWS::CodePipeline::Pipeline": DEPLOY_TIME,
        "AWS::CodePipeline::Webhook": DEPLOY_TIME,
        "AWS::CodePipeline::CustomActionType": DEPLOY_TIME,
      },
      unsupported: () => [
        ...platform.model.stacks.flatMap(pipelineFootprints),
        ...(platform.model.nestedAssemblies ?? []).map((stage) => ({
          kind: "inert-type" as const,
          name: `cdk:cloud-assembly (CDK Stage ${stage.displayName})`,
          where: stage.id,
          count: 1,
          detail: `deploy-time only: a stage of a CDK pipeline, deployed by the pipeline to its accounts; its stacks (${stage.stackNames.join(", ") || "none"}) are not run locally (run the same stacks at the top level of the app)`,
        })),
      ],
    };
  },
};
