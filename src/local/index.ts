// The local runtime's public API: what the CLI (and any program embedding accountmesh) uses.

export { loadAssembly, type ParameterValue } from "./assembly/load-assembly.js";
export {
  type DefaultEnvironment,
  defaultEnvironmentFrom,
  LOCAL_DEFAULT_ACCOUNT,
  LOCAL_DEFAULT_REGION,
} from "./assembly/stack-environment.js";
export type { CloudAssemblyModel, NestedAssembly, UnsupportedFeature } from "./assembly/types.js";
export { formatUnsupportedReport } from "./assembly/unsupported-features.js";
export type { EndpointsFile } from "./endpoints-file.js";
export type { Platform } from "./platform/platform.js";
export type { ServiceParts, ServicePlugin } from "./platform/service-plugin.js";
export { PLUGINS } from "./plugins.js";
export {
  DEFAULT_PORT_BASE,
  type RunningStack,
  type RunningSystem,
  type RuntimeOptions,
  startRuntime,
} from "./runtime.js";
