// A function configured in a VPC reaches the network as that VPC: every outbound HTTP(S) request of
// its code — global fetch, undici, node:http and node:https, and so the AWS SDK — goes through the
// VPC's entry point (HTTP_PROXY/HTTPS_PROXY of the environment, one proxy port per VPC), except the
// hosts in NO_PROXY (the local AWS endpoint). The entry point knows the VPC by the port the
// connection arrived on, never by anything the request says. On AWS the same holds because the
// function's network interfaces are in the VPC's subnets. Plain JavaScript: it runs in the worker.

import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { getProxyForUrl } from "proxy-from-env";
import { EnvHttpProxyAgent, setGlobalDispatcher } from "undici";

/** The URL a node:http(s) request goes to, from its (url?, options?, callback?) arguments. */
function targetOf(defaultProtocol, args) {
  const [first, second] = args;
  const options =
    typeof first === "string" || first instanceof URL
      ? { ...(typeof second === "object" && second !== null && typeof second !== "function" ? second : {}) }
      : { ...(first ?? {}) };
  let url;
  if (typeof first === "string" || first instanceof URL) {
    url = new URL(first.toString());
  } else {
    const protocol = options.protocol ?? defaultProtocol;
    const host = options.hostname ?? options.host ?? "localhost";
    const port = options.port ? `:${options.port}` : "";
    url = new URL(
      `${protocol}//${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}${port}${options.path ?? "/"}`,
    );
  }
  return {
    url,
    options,
    rest:
      typeof first === "string" || first instanceof URL
        ? args.slice(typeof second === "object" && second !== null ? 2 : 1)
        : args.slice(1),
  };
}

function routed(module, defaultProtocol, agent, original) {
  return function request(...args) {
    const { url, options, rest } = targetOf(defaultProtocol, args);
    if (getProxyForUrl(url.href) === "") return original.apply(module, args);
    // Every request through the VPC's entry point, whatever agent the caller chose (on AWS, too, a
    // function in a VPC has no other way out).
    return original.call(module, url, { ...options, agent }, ...rest);
  };
}

/** Sends the worker's outbound HTTP(S) through the VPC's entry point; nothing when not in a VPC. */
export function routeEgressThroughVpc(env) {
  const proxy = env.HTTPS_PROXY ?? env.HTTP_PROXY;
  if (proxy === undefined || proxy === "") return;
  // Plain HTTP in absolute form (as curl and http-proxy-agent send it), HTTPS through CONNECT.
  setGlobalDispatcher(
    new EnvHttpProxyAgent({
      httpProxy: proxy,
      httpsProxy: proxy,
      noProxy: env.NO_PROXY ?? "",
      proxyTunnel: false,
    }),
  );
  const httpAgent = new HttpProxyAgent(proxy);
  const httpsAgent = new HttpsProxyAgent(proxy);
  const { request: httpRequest } = http;
  const { request: httpsRequest } = https;
  http.request = routed(http, "http:", httpAgent, httpRequest);
  https.request = routed(https, "https:", httpsAgent, httpsRequest);
  http.get = (...args) => {
    const req = http.request(...args);
    req.end();
    return req;
  };
  https.get = (...args) => {
    const req = https.request(...args);
    req.end();
    return req;
  };
  syncBuiltinESMExports();
}
