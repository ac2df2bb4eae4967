import { describe, expect, it } from "vitest";
import { createApiGatewayProviders } from "../api-gateway-providers.js";
import { ApiGatewayState, type RestApi } from "../api-gateway-state.js";
import { STACK } from "./orders-api.test-support.js";
import { routeRequest } from "./route-request.js";

/** `/`, `/pets` (GET), `/pets/{petId}` (GET, DELETE), `/pets/mine` (GET), `/files/{path+}` (ANY). */
async function petsApi(): Promise<RestApi> {
  const state = new ApiGatewayState();
  const providers = new Map(createApiGatewayProviders(state).map((p) => [p.type, p]));
  const make = async (logicalId: string, type: string, properties: Record<string, unknown>) =>
    (await providers.get(type)?.create({ stack: STACK, logicalId, type, properties })) ?? { ref: "" };
  const api = await make("Api", "AWS::ApiGateway::RestApi", {});
  const RestApiId = api.ref;
  const root = String(api.attributes?.RootResourceId);
  const resource = async (id: string, ParentId: string, PathPart: string) =>
    (await make(id, "AWS::ApiGateway::Resource", { RestApiId, ParentId, PathPart })).ref;
  const method = async (ResourceId: string, HttpMethod: string) =>
    make(`${ResourceId}${HttpMethod}`, "AWS::ApiGateway::Method", {
      RestApiId,
      ResourceId,
      HttpMethod,
      Integration: { Type: "MOCK" },
    });
  const pets = await resource("Pets", root, "pets");
  const pet = await resource("Pet", pets, "{petId}");
  const mine = await resource("Mine", pets, "mine");
  const files = await resource("Files", root, "files");
  const path = await resource("Path", files, "{path+}");
  await method(pets, "GET");
  await method(pet, "GET");
  await method(pet, "DELETE");
  await method(mine, "GET");
  await method(path, "ANY");
  const built = state.restApi(RestApiId);
  if (built === undefined) {
    throw new Error("no api");
  }
  return built;
}

describe("routeRequest", () => {
  it("prefers static parts over {param}, {param} over {param+}, and falls back to ANY", async () => {
    const api = await petsApi();
    const route = (method: string, path: string) => {
      const found = routeRequest(api, method, path);
      return found === undefined
        ? undefined
        : [found.resource.path, found.method.httpMethod, found.pathParameters];
    };
    expect(route("GET", "/pets/mine")).toEqual(["/pets/mine", "GET", {}]);
    expect(route("GET", "/pets/42")).toEqual(["/pets/{petId}", "GET", { petId: "42" }]);
    expect(route("DELETE", "/pets/mine")).toBeUndefined();
    expect(route("DELETE", "/pets/a%20b")).toEqual(["/pets/{petId}", "DELETE", { petId: "a%20b" }]);
    expect(route("PUT", "/files/a/b/c.txt")).toEqual(["/files/{path+}", "ANY", { path: "a/b/c.txt" }]);
    expect(route("GET", "/files")).toBeUndefined();
    expect(route("GET", "/files/")).toBeUndefined();
    expect(route("GET", "/pets//")).toBeUndefined();
    expect(route("GET", "/")).toBeUndefined();
  });
});
