import { ArnFormat, CfnResource, Fn, Lazy, Stack } from "aws-cdk-lib";
import type * as apigw from "aws-cdk-lib/aws-apigateway";
import * as iam from "aws-cdk-lib/aws-iam";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";
import { AccountmeshError } from "../../shared/errors.js";
import { acknowledge, acknowledgeAwsCustomResourceFunction } from "../nag.js";

export interface TrackedDeploymentProps {
  /** The API; its stage (`deploymentStage`) is pointed at this deployment. */
  readonly api: apigw.RestApi;
}

/** The intrinsic whose value CloudFormation resolves at deploy time from another stack (weak reference). */
const STACK_OUTPUT = "Fn::GetStackOutput";

/** API Gateway resources whose configuration a deployment snapshots (a stage's is live, not snapshotted). */
const SNAPSHOTTED = /^AWS::ApiGateway::(?!Deployment$|Stage$|Account$)/;

/**
 * The deployment a REST API's stage serves, made by `apigateway:CreateDeployment` in an
 * AwsCustomResource whose properties carry (a) CDK's own deployment, whose logical id changes with
 * the API's structure, and (b) every cross-account value (`Fn::GetStackOutput`) in the API's
 * resources, as CloudFormation resolves it. A change of either changes the resource's properties, so
 * CloudFormation sends an Update, which makes a new deployment (new physical id: the old one is
 * deleted in clean-up) and the stage moves to it in place. CDK's deployment alone would not
 * follow a cross-account value: its logical id is a hash of the unresolved template, and API Gateway
 * applies a resource-policy change only on a new deployment (docs/decisions.md §6).
 */
export class TrackedDeployment extends Construct {
  /** The deployment id the stage serves. */
  readonly deploymentId: string;
  readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: TrackedDeploymentProps) {
    super(scope, id);
    const { api } = props;
    const structure = api.latestDeployment;
    if (structure === undefined) {
      throw new AccountmeshError(
        "NO_LATEST_DEPLOYMENT",
        `TrackedDeployment needs a RestApi with deploy: true (${api.node.path}): CDK's latest deployment is what tracks the API's structure.`,
      );
    }
    const stack = Stack.of(this);
    const deployments = stack.formatArn({
      service: "apigateway",
      account: "",
      resource: `/restapis/${api.restApiId}/deployments`,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
    });
    // Resolved when the template is written, after CDK has turned cross-account references into
    // Fn::GetStackOutput, so the description holds exactly what CloudFormation will resolve.
    // (Intrinsic objects in a list token: CDK places them into the Fn::Join as they are.)
    const crossAccountValues = Lazy.uncachedList({ produce: () => stackOutputsIn(api) as string[] });
    const description = Fn.join(" ", [
      "accountmesh: structure",
      structure.deploymentId,
      "cross-account values",
      Fn.join(",", crossAccountValues),
    ]);
    this.resource = new cr.AwsCustomResource(this, "Resource", {
      resourceType: "Custom::ApiGatewayDeployment",
      onUpdate: {
        service: "APIGateway",
        action: "createDeployment",
        parameters: { restApiId: api.restApiId, description },
        physicalResourceId: cr.PhysicalResourceId.fromResponse("id"),
        outputPaths: ["id"],
      },
      onDelete: {
        service: "APIGateway",
        action: "deleteDeployment",
        parameters: { restApiId: api.restApiId, deploymentId: new cr.PhysicalResourceIdReference() },
        // Gone already, or still served by a stage (a rolled-back update): a deployment left behind
        // is harmless and goes with its API; a failed delete would block the stack.
        ignoreErrorCodesMatching: "NotFoundException|BadRequestException",
      },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          sid: "CreateDeploymentsOfThisApi",
          actions: ["apigateway:POST"],
          resources: [deployments],
        }),
        new iam.PolicyStatement({
          sid: "DeleteDeploymentsOfThisApi",
          actions: ["apigateway:DELETE"],
          resources: [`${deployments}/*`],
        }),
      ]),
      installLatestAwsSdk: false,
    });
    this.deploymentId = this.resource.getResponseField("id");
    const stage = api.deploymentStage.node.defaultChild as apigw.CfnStage;
    stage.deploymentId = this.deploymentId;

    acknowledgeAwsCustomResourceFunction(stack);
    acknowledge(
      this.resource,
      "AwsSolutions-IAM5",
      "A deployment's id exists only once API Gateway has made it: apigateway:DELETE is scoped to this one API's deployments (/restapis/<id>/deployments/*), so the function can delete only the deployments it replaced.",
      [
        `Resource::arn:<AWS::Partition>:apigateway:${stack.region}::/restapis/<${stack.getLogicalId(api.node.defaultChild as CfnResource)}>/deployments/*`,
      ],
    );
  }
}

/** Every distinct `Fn::GetStackOutput` in the API's snapshotted resources, resolved, in template order. */
function stackOutputsIn(api: apigw.RestApi): unknown[] {
  const stack = Stack.of(api);
  const found = new Map<string, unknown>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node !== null && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (STACK_OUTPUT in record && Object.keys(record).length === 1) {
        found.set(JSON.stringify(record), record);
        return;
      }
      Object.values(record).forEach(visit);
    }
  };
  for (const child of api.node.findAll()) {
    if (CfnResource.isCfnResource(child) && SNAPSHOTTED.test(child.cfnResourceType)) {
      visit(stack.resolve((child as unknown as { _toCloudFormation(): unknown })._toCloudFormation()));
    }
  }
  return [...found.values()];
}
