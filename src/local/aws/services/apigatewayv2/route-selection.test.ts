import { describe, expect, it } from "vitest";
import { parseRouteKey, type RouteKey, selectRoute } from "./route-selection.js";

const routes = (...keys: string[]) => keys.map((key) => ({ key, routeKey: parseRouteKey(key) as RouteKey }));

describe("HTTP API route selection (most specific match wins)", () => {
  const table = routes(
    "ANY /dogs",
    "ANY /dogs/males",
    "GET /todo/{todoId}",
    "ANY /todo/{todoId}",
    "ANY /todo/special",
    "ANY /files/{proxy+}",
    "ANY /files/img/{proxy+}",
    "$default",
  );
  const pick = (method: string, path: string) => selectRoute(table, method, path);

  it("takes an exact path, then a path with variables, then the longest greedy path, then $default", () => {
    expect(pick("GET", "/dogs")?.route.key).toBe("ANY /dogs");
    expect(pick("DELETE", "/dogs/males")?.route.key).toBe("ANY /dogs/males");
    expect(pick("GET", "/todo/special")?.route.key).toBe("ANY /todo/special");
    expect(pick("GET", "/files/img/a/b.png")).toEqual({
      route: expect.objectContaining({ key: "ANY /files/img/{proxy+}" }),
      pathParameters: { proxy: "a/b.png" },
    });
    expect(pick("GET", "/files/doc.txt")?.pathParameters).toEqual({ proxy: "doc.txt" });
    expect(pick("GET", "/dogs/other")?.route.key).toBe("$default");
  });

  it("prefers the request's method over ANY and decodes path variables", () => {
    expect(pick("GET", "/todo/a%20b")).toEqual({
      route: expect.objectContaining({ key: "GET /todo/{todoId}" }),
      pathParameters: { todoId: "a b" },
    });
    expect(pick("POST", "/todo/1")?.route.key).toBe("ANY /todo/{todoId}");
  });

  it("matches nothing without $default (the gateway's 404), and a greedy variable needs a segment", () => {
    const seed = routes(
      "ANY /dogs",
      "ANY /dogs/males",
      "ANY /dogs/females",
      "ANY /todo",
      "ANY /todo/{todoId}",
    );
    expect(selectRoute(seed, "GET", "/dogs/other")).toBeUndefined();
    expect(selectRoute(seed, "GET", "/todo/")).toBeUndefined();
    expect(selectRoute(seed, "GET", "/")).toBeUndefined();
    expect(selectRoute(routes("ANY /files/{proxy+}"), "GET", "/files")).toBeUndefined();
  });

  it("refuses route keys AWS refuses, with the key in the message", () => {
    expect(parseRouteKey("GET dogs")).toMatch(/neither \$default nor/);
    expect(parseRouteKey("GET /{proxy+}/x")).toMatch(/greedy variable must be the last segment/);
    expect(parseRouteKey("GET /a{b}")).toMatch(/must be a whole \{variable\}/);
  });
});
