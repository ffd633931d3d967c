/**
 * The browser's side of the raw-body routes (see ../_raw/raw-route.ts): image uploads (multipart) and CSV imports
 * are sent to same-origin route handlers that call the procedure with the visitor's session cookie. Errors come
 * back in the REST shape { code, message, issues?, details? } and are thrown as RawCallError, which the form
 * helpers (form-errors.tsx) read like a tRPC error.
 */
export interface RawIssue {
  path: string;
  message: string;
}

export class RawCallError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: RawIssue[];
  readonly details: Record<string, unknown>;
  constructor(status: number, body: { code?: string; message?: string; issues?: RawIssue[]; details?: Record<string, unknown> | null }) {
    super(body.message ?? (status === 0 ? "The request could not be sent; check the connection and try again" : `Request failed (${status})`));
    this.name = "RawCallError";
    this.status = status;
    this.code = body.code ?? "ERROR";
    this.issues = Array.isArray(body.issues) ? body.issues : [];
    this.details = body.details ?? {};
  }
}

/**
 * POSTs (or PUTs...) a raw body to a back-office route and returns its JSON answer. A FormData body is sent as
 * multipart/form-data (the browser adds the boundary); a File or Blob with its own type, e.g. text/csv.
 */
export async function rawCall<T>(url: string, { method = "POST", body, contentType }: { method?: string; body: BodyInit; contentType?: string }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      body,
      credentials: "same-origin",
      headers: { accept: "application/json", ...(contentType ? { "content-type": contentType } : {}) },
    });
  } catch {
    throw new RawCallError(0, {});
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) throw new RawCallError(response.status, (json ?? {}) as ConstructorParameters<typeof RawCallError>[1]);
  return json as T;
}
