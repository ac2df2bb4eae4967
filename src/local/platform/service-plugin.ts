// The contract every AWS service of the local runtime implements: one plugin per service, one folder
// per plugin (`aws/services/<service>/`), one line in the plugin list (`plugins.ts`). The composition
// root starts every plugin, collects what they bring and names none of them. docs/extending.md walks
// through adding one.
import type { ProvisionedSystem, ResourceProvider, UnsupportedFeature } from "../assembly/types.js";
import type { AwsService } from "../aws/aws-service.js";
import type { Platform } from "./platform.js";

export type ReferenceResolver = (reference: string, account: string, region: string) => string;

export interface ServicePlugin {
  /** The service's name in messages and data directories, e.g. `dynamodb` (its SigV4 signing name). */
  readonly name: string;
  /**
   * Creates the service's state (and starts any engine it needs) before anything is provisioned.
   * Plugins start concurrently; a plugin reaches another service only through `platform.aws`.
   */
  start(platform: Platform): Promise<ServiceParts> | ServiceParts;
}

/** What a started service brings to the runtime. Every member is optional. */
export interface ServiceParts {
  /** Resource providers by CloudFormation type (one provider per type across all plugins). */
  readonly providers?: readonly ResourceProvider[];
  /** Types with nothing to run locally, with the reason shown at start-up (`type → why`). */
  readonly inertTypes?: Readonly<Record<string, string>>;
  /** Its API on the local AWS endpoint and its in-process operations. */
  readonly api?: AwsService;
  /**
   * Resolvers of `{{resolve:<service>:<reference>}}` dynamic references, by the `<service>` they serve:
   * `(reference, account, region) → value`, run as the deploying account (no IAM), as CloudFormation does.
   */
  readonly dynamicReferences?: Readonly<Record<string, ReferenceResolver>>;
  /** Called once every stack is provisioned, before front doors are served (publish names, index). */
  ready?(system: ProvisionedSystem): void | Promise<void>;
  /** What it met in the templates and does not honour (beyond properties no provider lists). */
  unsupported?(): readonly UnsupportedFeature[];
  /** Its own sections of `.accountmesh/endpoints.json`, e.g. `{ restApis: { ... } }`. */
  endpoints?(): Readonly<Record<string, unknown>>;
  /** Releases what `start` acquired (engines, clients); called once, in reverse start order. */
  stop?(): void | Promise<void>;
}
