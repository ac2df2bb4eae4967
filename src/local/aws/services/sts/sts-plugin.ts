// STS: who am I (GetCallerIdentity) for every local credential, and AssumeRole: temporary credentials
// of a role session, decided by the role's trust policy and the caller's identity policies.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createStsService } from "./sts-service.js";

export const stsPlugin: ServicePlugin = {
  name: "sts",
  start: (platform) => ({
    api: createStsService({
      iam: platform.iam,
      credentials: platform.credentials,
      authorizer: platform.authorizer,
    }),
  }),
};
