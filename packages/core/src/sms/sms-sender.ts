/** Anything that can deliver one text message (Twilio, the dev outbox, ...). */
export interface SmsSender {
  name: string;
  send(to: string, body: string): Promise<{ id: string }>;
}

export interface SmsErrorOptions {
  /** Provider error code (e.g. Twilio 21211), when there is one. */
  providerCode?: number | string;
  /** HTTP status of the provider's answer, when there was one. */
  status?: number;
  cause?: unknown;
}

/** A failed send, with what the provider said; its class says whether to retry. */
abstract class SmsError extends Error {
  readonly providerCode?: number | string;
  readonly status?: number;

  constructor(message: string, options: SmsErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.providerCode = options.providerCode;
    this.status = options.status;
  }
}

/**
 * Sending can never succeed as asked (invalid or blocked number, bad payload, unopenable seal): do not retry.
 * Messages carry no phone number or message body, since they end up in logs and in BullMQ's failedReason.
 */
export class SmsPermanentError extends SmsError {
  override readonly name = "SmsPermanentError";
}

/** A later attempt may succeed (network, provider 5xx, rate limit): retry with backoff. */
export class SmsTransientError extends SmsError {
  override readonly name = "SmsTransientError";
}

/** Optional structured logger, pino-compatible (`logger.info.bind(logger)` fits). */
export type SmsLog = (obj: Record<string, unknown>, msg: string) => void;
