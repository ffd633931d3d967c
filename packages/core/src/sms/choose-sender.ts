import { createMockSender } from "./mock-sender";
import type { SmsLog, SmsSender } from "./sms-sender";
import { createTwilioSender, type TwilioSenderConfig } from "./twilio-sender";

export interface SmsSenderConfig {
  /** Present only when Twilio is fully configured (the env layer checks completeness). */
  twilio?: TwilioSenderConfig;
  outboxPath: string;
}

/** Twilio when configured, otherwise the local outbox, so development and tests never text a real phone. */
export function createSmsSender(config: SmsSenderConfig, log?: SmsLog): SmsSender {
  if (config.twilio) return createTwilioSender(config.twilio);
  return createMockSender({ outboxPath: config.outboxPath, log });
}
