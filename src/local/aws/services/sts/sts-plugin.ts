// STS: who am I (GetCallerIdentity) for every local credential.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createStsService } from "./sts-service.js";

export const stsPlugin: ServicePlugin = {
  name: "sts",
  start: () => ({ api: createStsService() }),
};
