import type { IncomingMessage } from "node:http";

/** A request's whole body as text (local stubs of outside services read their form posts with it). */
export const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
