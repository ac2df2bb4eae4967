// What CloudFormation does with an API's stage across two deploys of the same template, read from
// the template alone (no AWS here), after the deploy-time values have been filled in:
// - `resolveStackOutputs` fills in every Fn::GetStackOutput, as CloudFormation does at create or
//   update time (the weak reference's value is not in the template);
// - `deploymentServedByStage` says which deployment the stage points at and what identifies it. An
//   AWS::ApiGateway::Deployment is made again only for a new logical id or a change to a property
//   that "requires replacement" (RestApiId, DeploymentCanarySettings: CloudFormation template
//   reference); every other change updates the existing, immutable snapshot in place. A custom
//   resource gets an Update for any property change, and one whose physical id comes from the
//   call's response (AwsCustomResource, PhysicalResourceId.fromResponse) is then a new resource.
import type { Json } from "./template.js";

type Template = Json & { Resources: Record<string, { Type: string; Properties?: Json }> };

/** The template with each `{"Fn::GetStackOutput": ...}` replaced by `value` (or `value(reference)`). */
export function resolveStackOutputs<T>(template: T, value: string | ((reference: Json) => string)): T {
  const fill = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fill);
    if (node === null || typeof node !== "object") return node;
    const record = node as Json;
    const reference = record["Fn::GetStackOutput"];
    if (reference !== undefined && Object.keys(record).length === 1) {
      return typeof value === "string" ? value : value(reference as Json);
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fill(v)]));
  };
  return fill(template) as T;
}

export interface ServedDeployment {
  readonly logicalId: string;
  readonly type: string;
  /** Equal identities across two deploys: the same deployment; different: a new one. */
  readonly identity: unknown;
}

/** The deployment the template's only AWS::ApiGateway::Stage serves, and what identifies it. */
export function deploymentServedByStage(template: Json): ServedDeployment {
  const resources = (template as Template).Resources;
  const stages = Object.values(resources).filter((r) => r.Type === "AWS::ApiGateway::Stage");
  if (stages.length !== 1) throw new Error(`expected one AWS::ApiGateway::Stage, found ${stages.length}`);
  const deploymentId = stages[0]?.Properties?.DeploymentId as { Ref?: string; "Fn::GetAtt"?: string[] };
  const logicalId = deploymentId.Ref ?? deploymentId["Fn::GetAtt"]?.[0];
  const resource = logicalId === undefined ? undefined : resources[logicalId];
  if (logicalId === undefined || resource === undefined) {
    throw new Error(`the stage's DeploymentId names no resource: ${JSON.stringify(deploymentId)}`);
  }
  const properties = resource.Properties ?? {};
  if (resource.Type === "AWS::ApiGateway::Deployment") {
    return {
      logicalId,
      type: resource.Type,
      identity: {
        logicalId,
        RestApiId: properties.RestApiId,
        DeploymentCanarySettings: properties.DeploymentCanarySettings,
      },
    };
  }
  if (resource.Type.startsWith("Custom::")) {
    if (!JSON.stringify(properties.Update ?? "").includes('\\"physicalResourceId\\":{\\"responsePath\\"')) {
      throw new Error(`${logicalId}: an update keeps its physical id unless it comes from the response`);
    }
    return { logicalId, type: resource.Type, identity: { logicalId, properties } };
  }
  throw new Error(`the stage's deployment is a ${resource.Type}, which this helper does not model`);
}
