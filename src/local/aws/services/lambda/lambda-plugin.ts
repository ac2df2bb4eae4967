// Lambda: functions run by the platform's Lambda host from their cdk.out bundles, their resource
// policies (AWS::Lambda::Permission), and the Invoke operation other services call in-process.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createInvokeOperation } from "./invoke.js";
import { LambdaPermissions } from "./lambda-permissions.js";
import { createLambdaProviders } from "./lambda-providers.js";

export const lambdaPlugin: ServicePlugin = {
  name: "lambda",
  start(platform) {
    const permissions = new LambdaPermissions();
    const operations = {
      Invoke: createInvokeOperation({ host: platform.lambda, permissions, authorizer: platform.authorizer }),
    };
    return {
      providers: createLambdaProviders({
        host: platform.lambda,
        permissions,
        vpcOfSubnet: (id) => platform.network.subnets.get(id)?.vpcId,
      }),
      api: {
        signingName: "lambda",
        protocol: { kind: "rest-json" },
        operations,
        // Invoke is served in-process; the REST wire protocol (aws lambda invoke) is not served yet.
        implemented: [],
        handle: async () => {
          throw new Error("the Lambda API is served in-process only");
        },
      },
    };
  },
};
