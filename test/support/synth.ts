import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CloudAssembly, CloudFormationStackArtifact } from "aws-cdk-lib/cx-api";
import { buildApp } from "../../src/infra/app.js";
import type { EnvironmentReader } from "../../src/shared/deploy-target.js";

/** Context for template tests: no asset bundling (the templates do not depend on bundle bytes). */
export const FAST_CONTEXT = { "aws:cdk:bundling-stacks": [] as string[] };

export interface SynthesizedApp {
  readonly app: App;
  readonly assembly: CloudAssembly;
  readonly artifact: (id: string) => CloudFormationStackArtifact;
  readonly template: (id: string) => Template;
}

/**
 * Builds and synthesizes the accountmesh CDK app as `cdk synth` does (cdk-nag included), with extra
 * context. `env` stands for the environment the CDK CLI gives the app (none by default: an offline
 * synth, whatever the test process's own environment holds).
 */
export function synthApp(context: Record<string, unknown> = {}, env: EnvironmentReader = {}): SynthesizedApp {
  const app = buildApp(
    new App({
      context: { ...FAST_CONTEXT, "@aws-cdk/core:defaultCrossStackReferences": "weak", ...context },
      // TOOLCHAIN.md: built-in template validation costs seconds per synth; app.test.ts runs the
      // validated `cdk synth` once.
      builtinCloudFormationValidation: false,
    }),
    env,
  );
  const assembly = app.synth();
  const templates = new Map<string, Template>();
  const artifact = (id: string) => assembly.getStackArtifact(id);
  return {
    app,
    assembly,
    artifact,
    template: (id) => {
      let t = templates.get(id);
      if (t === undefined) {
        t = Template.fromJSON(artifact(id).template as Record<string, unknown>);
        templates.set(id, t);
      }
      return t;
    },
  };
}
