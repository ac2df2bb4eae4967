// A Vite web app as a BucketDeployment source, built at synth: CDK's local bundling runs `vite build`
// with the project's own Vite (a devDependency) into the asset's output directory, so `cdk synth`
// (and `accountmesh synth`) on a fresh machine with only Node.js builds the app; no Docker image is
// ever pulled (the image named below is CDK's required fallback and is never used, because local
// bundling always succeeds or throws). The asset hash is the sources' (node_modules and dist left
// out), so an unchanged app is not rebuilt into the same cloud assembly.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DockerImage } from "aws-cdk-lib";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";

function viteBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("vite/package.json")), "bin", "vite.js");
}

/**
 * The built app of `appDir` (a Vite project: index.html, src/, public/) as a deployment source.
 * Throws, with Vite's output, when the build fails.
 */
export function viteAppSource(appDir: string): s3deploy.ISource {
  return s3deploy.Source.asset(appDir, {
    exclude: ["node_modules", "dist"],
    bundling: {
      image: DockerImage.fromRegistry("accountmesh/unused-local-bundling-only"),
      local: {
        tryBundle(outputDir) {
          execFileSync(
            process.execPath,
            [viteBin(), "build", appDir, "--outDir", outputDir, "--emptyOutDir"],
            {
              stdio: ["ignore", "pipe", "pipe"],
            },
          );
          return true;
        },
      },
    },
  });
}
