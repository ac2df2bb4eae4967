// Loader hook of lambda-worker-sdk.mjs for ES modules: a bare `@aws-sdk/...` the function's code
// cannot resolve is resolved from accountmesh's installation (this file's location).
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!specifier.startsWith("@aws-sdk/")) throw error;
    try {
      return await next(specifier, { ...context, parentURL: import.meta.url });
    } catch {
      throw error;
    }
  }
}
