/** Small helpers to call the REST handler with real Requests, as an HTTP client would. */
import { createRestHandler } from "../src/rest";
import type { ApiDeps } from "../src/context";

export const BASE = "http://shop.test/api/v1";

export interface Call {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read whatever the API sent
  text: string;
}

export interface RestClient {
  call(method: string, path: string, options?: { body?: unknown; token?: string; headers?: Record<string, string> }): Promise<Call>;
}

export function restClient(deps: ApiDeps): RestClient {
  const handle = createRestHandler({
    deps,
    // A 500 is always a bug worth seeing in the test output.
    onError: (error) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error("500 cause:", error.cause ?? error);
    },
  });
  return {
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        headers["content-type"] ??= "application/json";
        body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      } else if (method !== "GET" && method !== "DELETE") {
        headers["content-type"] ??= "application/json";
        body = "{}";
      }
      const res = await handle(new Request(BASE + path, { method, headers, body }));
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
  };
}
