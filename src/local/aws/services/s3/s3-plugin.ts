// S3: buckets from the templates with their policies and Block Public Access, objects as real files
// under the data directory (a temporary directory for in-memory runs, removed at stop), the object
// API on the local AWS endpoint and in-process, and CDK's BucketDeployment run at start-up.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createBucketDeploymentProvider } from "./bucket-deployment.js";
import { createS3Providers } from "./s3-providers.js";
import { createS3Service } from "./s3-service.js";
import { S3Store } from "./s3-store.js";

export const s3Plugin: ServicePlugin = {
  name: "s3",
  start(platform) {
    const root = platform.inMemory ? mkdtempSync(join(tmpdir(), "accountmesh-s3-")) : platform.dataDir("s3");
    const store = new S3Store(root);
    return {
      providers: [
        ...createS3Providers(store),
        createBucketDeploymentProvider({
          aws: platform.aws,
          roleOfFunction: (arn) => platform.lambda.spec(arn)?.roleArn,
          keysUnder: (bucket, prefix) => store.list(bucket, prefix).map((meta) => meta.key),
        }),
      ],
      inertTypes: {
        "Custom::S3AutoDeleteObjects": "objects live in the local data directory; deleting it deletes them",
      },
      api: createS3Service({ authorizer: platform.authorizer, store }),
      endpoints: () => ({
        buckets: Object.fromEntries(
          store
            .buckets()
            .map((bucket) => [`${bucket.account}/${bucket.name}`, store.objectsDir(bucket.name)]),
        ),
      }),
      stop() {
        if (platform.inMemory) rmSync(root, { recursive: true, force: true });
      },
    };
  },
};
