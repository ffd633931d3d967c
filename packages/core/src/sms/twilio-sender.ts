import twilio from "twilio";
// Types only: the package has no `exports` map, and these are not re-exported from its root.
import type RequestClient from "twilio/lib/base/RequestClient";
import type Response from "twilio/lib/http/response";
import { SmsPermanentError, SmsTransientError, type SmsSender } from "./sms-sender";

export interface TwilioSenderConfig {
  accountSid: string;
  authToken: string;
  /** Sender number or alphanumeric id; at least one of `from` / `messagingServiceSid` is required. */
  from?: string;
  messagingServiceSid?: string;
  /** Replaces https://api.twilio.com (scheme, host, port and an optional path prefix): local stubs, egress proxies. */
  baseUrl?: string;
  /** Per-request timeout; BullMQ retries a timed-out send. */
  timeoutMs?: number;
}

/**
 * Twilio error codes that mean this number will never get this message, whatever we retry.
 * https://www.twilio.com/docs/api/errors
 */
export const TWILIO_PERMANENT_CODES: ReadonlySet<number> = new Set([
  21211, // invalid 'To' number
  21214, // 'To' number cannot be reached
  21217, // phone number does not appear to be valid
  21408, // permission to send to this region is not enabled
  21610, // recipient replied STOP
  21612, // 'To' number is not reachable via this route
  21614, // 'To' number is not a mobile number
]);

/**
 * The helper library's documented extension point for changing requests is a custom `httpClient` (Twilio's own
 * Prism mock guide uses it to point the client at a local server). Subclassing the default client keeps its auth,
 * form encoding and response handling.
 */
class TwilioHttpClient extends twilio.RequestClient {
  readonly #base?: URL;

  constructor(timeoutMs: number, baseUrl?: string) {
    super({ timeout: timeoutMs });
    this.#base = baseUrl ? new URL(baseUrl) : undefined;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    let uri = opts.uri;
    if (this.#base) {
      const target = new URL(uri);
      uri = `${this.#base.origin}${this.#base.pathname.replace(/\/+$/, "")}${target.pathname}${target.search}`;
    }
    // Debug logging would print the form data, which holds the code.
    return super.request({ ...opts, uri, logLevel: undefined });
  }
}

/** Maps a failure of `messages.create` to "retry" or "give up". Exported for tests. */
export function classifyTwilioError(error: unknown): SmsPermanentError | SmsTransientError {
  const { status, code } = (error ?? {}) as { status?: unknown; code?: unknown };
  if (typeof status === "number") {
    const providerCode = typeof code === "number" ? code : undefined;
    const what = `HTTP ${status}${providerCode === undefined ? "" : `, code ${providerCode}`}`;
    // 408/429 and 5xx pass; any other 4xx (bad number, STOP, bad credentials or sender) repeats identically.
    if (status === 408 || status === 429 || status >= 500) {
      return new SmsTransientError(`twilio unavailable (${what})`, { status, providerCode, cause: error });
    }
    const recipient = providerCode !== undefined && TWILIO_PERMANENT_CODES.has(providerCode);
    const reason = recipient ? "recipient rejected" : "request rejected";
    return new SmsPermanentError(`twilio ${reason} (${what})`, { status, providerCode, cause: error });
  }
  // No HTTP answer: connection refused/reset, DNS, timeout.
  const errno = typeof code === "string" ? code : error instanceof Error ? error.name : "unknown error";
  return new SmsTransientError(`twilio unreachable (${errno})`, { providerCode: errno, cause: error });
}

export function createTwilioSender(config: TwilioSenderConfig): SmsSender {
  if (!config.from && !config.messagingServiceSid) {
    throw new Error("Twilio needs a sender: set `from` or `messagingServiceSid`");
  }
  const timeoutMs = config.timeoutMs ?? 15_000;
  const httpClient = new TwilioHttpClient(timeoutMs, config.baseUrl);
  // autoRetry stays off: BullMQ owns retries, with backoff and a visible attempt count.
  const client = twilio(config.accountSid, config.authToken, { httpClient, autoRetry: false });

  return {
    name: "twilio",
    async send(to, body) {
      try {
        const message = await client.messages.create({
          to,
          body,
          ...(config.messagingServiceSid ? { messagingServiceSid: config.messagingServiceSid } : {}),
          ...(config.from ? { from: config.from } : {}),
        });
        return { id: message.sid };
      } catch (error) {
        throw classifyTwilioError(error);
      }
    },
  };
}
