// What a CodePipeline pipeline of a stack uses there: its artifact bucket, KMS key and roles. Locally
// the pipeline and its build projects never run, so these resources are created (other resources may
// refer to them) but stay idle; the start-up report says so, per pipeline.
import { scanValue } from "../../../assembly/template-scan.js";
import type { StackArtifact, UnsupportedFeature } from "../../../assembly/types.js";

/** The types a pipeline runs on AWS only: the pipeline, its webhooks and its CodeBuild projects. */
const DEPLOY_TIME_TYPES: ReadonlySet<string> = new Set([
  "AWS::CodePipeline::Pipeline",
  "AWS::CodePipeline::Webhook",
  "AWS::CodePipeline::CustomActionType",
  "AWS::CodeBuild::Project",
  "AWS::CodeBuild::ReportGroup",
]);

/**
 * One report entry per `AWS::CodePipeline::Pipeline` of `stack` (kind `inert-type`, where
 * `<stack id>/<logical id>`), naming by type the resources of the stack that the pipeline and the
 * stack's CodeBuild projects refer to (Ref, Fn::GetAtt, Fn::Sub), e.g. `AWS::IAM::Role ×6,
 * AWS::KMS::Key, AWS::S3::Bucket`. None for a stack without a pipeline.
 */
export function pipelineFootprints(stack: StackArtifact): UnsupportedFeature[] {
  const resources = stack.template.Resources;
  const ids = new Set(Object.keys(resources));
  const ofType = (type: string) => [...ids].filter((id) => resources[id]?.Type === type);
  const pipelines = ofType("AWS::CodePipeline::Pipeline");
  if (pipelines.length === 0) return [];
  const projects = ofType("AWS::CodeBuild::Project");
  return pipelines.map((pipeline) => {
    const used = new Set<string>();
    for (const id of [pipeline, ...projects]) {
      for (const target of scanValue(resources[id]?.Properties ?? {}, ids).references) used.add(target);
    }
    const types = new Map<string, number>();
    for (const id of used) {
      const type = resources[id]?.Type ?? "";
      if (!DEPLOY_TIME_TYPES.has(type)) types.set(type, (types.get(type) ?? 0) + 1);
    }
    const named = [...types]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, count]) => (count === 1 ? type : `${type} ×${count}`));
    const builds = projects.length === 1 ? "1 build project" : `${projects.length} build projects`;
    return {
      kind: "inert-type" as const,
      name: "a pipeline and what it uses",
      where: `${stack.id}/${pipeline}`,
      count: 1,
      detail:
        `deploy-time only: the pipeline and the stack's ${builds} never run locally; ` +
        (named.length === 0
          ? "it uses no other resource of the stack"
          : `what they use is created but idle: ${named.join(", ")}`),
    };
  });
}
