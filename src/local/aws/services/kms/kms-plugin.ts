// KMS: keys with their key policies; DescribeKey, and Decrypt for services acting on a caller's behalf.
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { KmsKeys } from "./kms-keys.js";
import { createKmsProviders } from "./kms-providers.js";
import { createKmsService } from "./kms-service.js";

export const kmsPlugin: ServicePlugin = {
  name: "kms",
  start(platform) {
    const keys = new KmsKeys();
    return {
      providers: createKmsProviders({ keys }),
      api: createKmsService({ authorizer: platform.authorizer, keys }),
    };
  },
};
