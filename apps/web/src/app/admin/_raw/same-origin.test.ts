import { describe, expect, it } from "vitest";
import { sameOriginRequest } from "./same-origin";

const own = "https://shop.example";
const req = (method: string, headers: Record<string, string>) => ({ method, headers: new Headers(headers) });

describe("raw routes: same-origin rule", () => {
  it("accepts the shop's own pages", () => {
    expect(sameOriginRequest(req("POST", { origin: own }), own)).toBe(true);
    expect(sameOriginRequest(req("GET", { "sec-fetch-site": "same-origin" }), own)).toBe(true);
    // Typed into the address bar, or a download link opened in a new tab.
    expect(sameOriginRequest(req("GET", { "sec-fetch-site": "none" }), own)).toBe(true);
  });

  it("refuses other origins, and bodies without an Origin", () => {
    expect(sameOriginRequest(req("POST", { origin: "https://evil.example" }), own)).toBe(false);
    expect(sameOriginRequest(req("POST", { origin: "http://shop.example" }), own)).toBe(false);
    expect(sameOriginRequest(req("POST", { origin: "null" }), own)).toBe(false);
    expect(sameOriginRequest(req("POST", {}), own)).toBe(false);
    expect(sameOriginRequest(req("DELETE", {}), own)).toBe(false);
  });

  it("refuses a GET that the browser says came from another site", () => {
    expect(sameOriginRequest(req("GET", { "sec-fetch-site": "cross-site" }), own)).toBe(false);
    expect(sameOriginRequest(req("GET", { "sec-fetch-site": "same-site" }), own)).toBe(false);
    expect(sameOriginRequest(req("GET", { origin: "https://evil.example" }), own)).toBe(false);
  });
});
