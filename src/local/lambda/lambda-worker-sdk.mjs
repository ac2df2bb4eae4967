// The AWS SDK the Node.js runtime of Lambda provides. On AWS a bundle that leaves `@aws-sdk/*` out
// (NodejsFunction's default for Node.js 18 and later) gets the runtime's SDK. Locally, a bare
// `@aws-sdk/...` that the function's code cannot resolve from its task root is resolved from
// accountmesh's own installation instead (CommonJS: a resolve fallback; ES modules: a loader hook),
// and nothing else: any other missing module fails as it would on AWS.
import Module, { register } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const HINT =
  "the Lambda runtime provides the AWS SDK on AWS; locally accountmesh provides the clients it ships " +
  "(@aws-sdk/client-dynamodb, @aws-sdk/lib-dynamodb): add this one to your project (npm install --save-dev <package>) or bundle it";

export function provideRuntimeSdk() {
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function resolveWithRuntimeSdk(request, parent, isMain, options) {
    try {
      return resolveFilename.call(this, request, parent, isMain, options);
    } catch (error) {
      if (error?.code !== "MODULE_NOT_FOUND" || !request.startsWith("@aws-sdk/")) throw error;
      try {
        return resolveFilename.call(this, request, parent, isMain, { paths: [here] });
      } catch {
        error.message = `${error.message.split("\n")[0]} (${HINT})`;
        throw error;
      }
    }
  };
  register(new URL("./lambda-worker-sdk-hooks.mjs", import.meta.url));
}
