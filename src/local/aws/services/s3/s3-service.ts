// S3 on the local AWS endpoint (REST-XML, signing name `s3`): path-style and virtual-hosted requests
// (s3-route.ts), SigV4 verified by the endpoint, every operation decided by the decision point with
// the bucket policy (s3-operations.ts). The same operations are callable in-process (CloudFront's
// origin requests, BucketDeployment).
import type { Authorizer } from "../../../iam/types.js";
import type { AwsService } from "../../aws-service.js";
import { createS3Operations } from "./s3-operations.js";
import { s3Route } from "./s3-route.js";
import type { S3Store } from "./s3-store.js";
import { s3WireHandler } from "./s3-wire.js";

export function createS3Service(deps: {
  readonly authorizer: Authorizer;
  readonly store: S3Store;
}): AwsService {
  const operations = createS3Operations(deps);
  return {
    signingName: "s3",
    protocol: { kind: "rest-xml" },
    operations,
    implemented: Object.keys(operations),
    routeRequest: s3Route,
    handle: s3WireHandler(operations),
  };
}
