// biome-ignore-all lint/suspicious/noTemplateCurlyInString: asset manifests hold CloudFormation placeholders.
// A cloud assembly written by hand (manifest.json + one template per stack), in a temporary
// directory: the shapes `cdk synth` writes, without synthesizing anything.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface HandwrittenStack {
  readonly id: string;
  /** Default: the CDK default for a stack without `env`, `aws://unknown-account/unknown-region`. */
  readonly environment?: string;
  readonly template: Record<string, unknown>;
  readonly dependencies?: readonly string[];
  /** Files of directory assets: `{ "<hash>": { "index.js": "..." } }`, put in an asset manifest. */
  readonly assets?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Writes the assembly and returns its directory. */
export function writeAssembly(stacks: readonly HandwrittenStack[]): string {
  const dir = mkdtempSync(join(tmpdir(), "accountmesh-assembly-"));
  const artifacts: Record<string, unknown> = {};
  for (const stack of stacks) {
    const dependencies = [...(stack.dependencies ?? [])];
    if (stack.assets !== undefined) {
      const files: Record<string, unknown> = {};
      for (const [hash, content] of Object.entries(stack.assets)) {
        mkdirSync(join(dir, `asset.${hash}`));
        for (const [name, text] of Object.entries(content))
          writeFileSync(join(dir, `asset.${hash}`, name), text);
        files[hash] = {
          source: { path: `asset.${hash}`, packaging: "zip" },
          destinations: {
            "current_account-current_region": {
              bucketName: "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}",
              objectKey: `${hash}.zip`,
            },
          },
        };
      }
      writeFileSync(join(dir, `${stack.id}.assets.json`), JSON.stringify({ version: "48.0.0", files }));
      artifacts[`${stack.id}.assets`] = {
        type: "cdk:asset-manifest",
        properties: { file: `${stack.id}.assets.json` },
      };
      dependencies.push(`${stack.id}.assets`);
    }
    writeFileSync(join(dir, `${stack.id}.template.json`), JSON.stringify(stack.template, null, 1));
    artifacts[stack.id] = {
      type: "aws:cloudformation:stack",
      environment: stack.environment ?? "aws://unknown-account/unknown-region",
      properties: { templateFile: `${stack.id}.template.json` },
      dependencies,
      displayName: stack.id,
    };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "48.0.0", artifacts }, null, 1));
  return dir;
}
