// Contracts of the assembly model (cdk.out read once, immutable) and of provisioning (resource
// providers turn resolved template resources into local state).

/** A CloudFormation template as JSON (deep-frozen by the loader). */
export interface Template {
  readonly Description?: string;
  readonly Parameters?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly Conditions?: Readonly<Record<string, unknown>>;
  readonly Mappings?: Readonly<Record<string, unknown>>;
  readonly Resources: Readonly<Record<string, TemplateResource>>;
  readonly Outputs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly DependsOn?: string | readonly string[];
  readonly Condition?: string;
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** A file or directory asset of cdk.out, addressed the way templates address it (S3 object key). */
export interface AssetSource {
  /** Asset hash (the `asset.<hash>` name in cdk.out). */
  readonly hash: string;
  /** Absolute path of the file or directory in cdk.out. */
  readonly path: string;
  readonly packaging: "zip" | "file";
  /** S3 object key the template uses (e.g. `<hash>.zip`). */
  readonly objectKey: string;
}

/** A container image asset of cdk.out (`dockerImages` of an asset manifest): a build context, never built. */
export interface ImageAsset {
  readonly hash: string;
  /** Absolute path of the build context in cdk.out. */
  readonly directory: string;
  /** Absolute path of its Dockerfile. */
  readonly dockerfile: string;
  /** The tag the image is pushed with (the asset hash for the default synthesizer). */
  readonly imageTag: string;
}

export interface StackArtifact {
  /** Artifact id in the manifest (e.g. `OrdersFood`). */
  readonly id: string;
  /** CloudFormation stack name. */
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly template: Template;
  /** Ids of the stack artifacts this one deploys after. */
  readonly dependencies: readonly string[];
  /** Assets by S3 object key. */
  readonly assets: ReadonlyMap<string, AssetSource>;
  /** Container image assets by image tag. */
  readonly images?: ReadonlyMap<string, ImageAsset>;
  /**
   * Values given to template parameters at deploy time (as `cdk deploy --parameters` would): the
   * asset parameters of the legacy synthesizer. A parameter without a value here uses its Default.
   */
  readonly parameterValues?: ReadonlyMap<string, string>;
  /** The manifest left the account or the region unknown (no `env`): the defaults were used. */
  readonly environmentAgnostic?: boolean;
}

export interface CloudAssemblyModel {
  /** Absolute path of cdk.out. */
  readonly dir: string;
  /** Stacks in dependency (deploy) order. */
  readonly stacks: readonly StackArtifact[];
  /**
   * Nested cloud assemblies (CDK Stages, e.g. the environments a CDK pipeline deploys): not run
   * locally, reported as deploy-time only.
   */
  readonly nestedAssemblies?: readonly NestedAssembly[];
}

/** A nested cloud assembly (a CDK Stage) of cdk.out, as the top-level manifest and its own name it. */
export interface NestedAssembly {
  /** Artifact id, e.g. `assembly-FlightsPipeline-Prod`. */
  readonly id: string;
  /** The stage's construct path, e.g. `FlightsPipeline/Prod` (the id when the manifest gives none). */
  readonly displayName: string;
  /** CloudFormation stack names of its stacks, e.g. `Prod-FlightsBooking` (not nested stages' stacks). */
  readonly stackNames: readonly string[];
}

/** A template resource whose properties have been fully resolved (no intrinsics left). */
export interface ResolvedResource {
  readonly stack: StackArtifact;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** What a provider returns: the Ref value and the Fn::GetAtt attributes. */
export interface Provisioned {
  readonly ref: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

export interface ResourceProvider {
  /** CloudFormation type, e.g. `AWS::DynamoDB::Table` or `Custom::SelfSignedCertificate`. */
  readonly type: string;
  /**
   * Top-level properties this provider honours (or deliberately treats as inert, such as Tags). Any
   * other property present in a template is reported by name at start-up.
   */
  readonly properties: readonly string[];
  create(resource: ResolvedResource): Promise<Provisioned>;
}

/** A line of the start-up report: something in the templates the runtime does not honour. */
export interface UnsupportedFeature {
  readonly kind: "resource-type" | "property" | "intrinsic" | "condition-key" | "inert-type";
  /** e.g. `AWS::EC2::FlowLog`, `AWS::Lambda::Function.Layers`, `Fn::Transform`. */
  readonly name: string;
  /** Where it was met: `<stack>/<logicalId>` (one example; count says how many). */
  readonly where: string;
  readonly count: number;
  /** Every place, for resources not created locally (`resource-type`) met more than once. */
  readonly places?: readonly string[];
  readonly detail?: string;
}

/**
 * Resolves a dynamic reference met in a resolved string (`{{resolve:<service>:<reference>}}`), e.g.
 * service `secretsmanager` with reference `arn:...:secret:name:SecretString:key::`, or `ssm` with
 * `/my/parameter:3`. Also used for parameters of type `AWS::SSM::Parameter::Value<...>` (service
 * `ssm`, reference: the parameter's value). Runs in the account and region of the stack that uses it.
 */
export type DynamicReferenceResolver = (
  service: string,
  reference: string,
  account: string,
  region: string,
) => string;

/** A template resource after provisioning. `status` says who (if anyone) gave it local state. */
export interface ProvisionedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly ref: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /**
   * `provisioned`: a provider created it; `inert`: deliberately nothing to do; `unsupported`: no
   * provider, or one that cannot run it locally. Inert and unsupported resources carry placeholder
   * Ref values and attributes in AWS's formats.
   */
  readonly status: "provisioned" | "inert" | "unsupported";
}

export interface ProvisionedOutput {
  readonly value: string;
  readonly exportName?: string;
  readonly description?: string;
}

export interface ProvisionedStack {
  readonly artifact: StackArtifact;
  /** Resources by logical id (resources whose Condition is false are absent; see `skipped`). */
  readonly resources: ReadonlyMap<string, ProvisionedResource>;
  readonly outputs: ReadonlyMap<string, ProvisionedOutput>;
  /** Logical ids of resources skipped because their Condition is false. */
  readonly skipped: readonly string[];
}

export interface ProvisionedSystem {
  readonly model: CloudAssemblyModel;
  /** In deploy order (the model's order). */
  readonly stacks: readonly ProvisionedStack[];
  /** Everything met in the templates that is not honoured locally, deduplicated. */
  readonly unsupported: readonly UnsupportedFeature[];
}
