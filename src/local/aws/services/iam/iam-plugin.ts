// IAM: roles, their inline and managed policies, into the platform's identity store that the decision
// point reads. (STS, which issues credentials for roles, is a plugin of its own.)
import { createIamProviders } from "../../../iam/iam-providers.js";
import type { ServicePlugin } from "../../../platform/service-plugin.js";

export const iamPlugin: ServicePlugin = {
  name: "iam",
  start(platform) {
    return {
      providers: createIamProviders(platform.iam),
      unsupported: () =>
        platform.iam
          .unsupported()
          .map((u) => ({ kind: "resource-type" as const, name: u.name, where: u.where, count: 1 })),
    };
  },
};
