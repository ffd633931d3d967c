/** "@shop/core/sms": what the worker needs to deliver sign-in codes, without the rest of the domain. */
export { createSmsSender, type SmsSenderConfig } from "./choose-sender";
export { deliverOtpSms } from "./deliver-otp-sms";
export { createMockSender, readOutbox } from "./mock-sender";
export { DEV_OTP_SECRET, openOtpMessage, sealOtpMessage } from "./otp-seal";
export { OTP_SMS_JOB_OPTIONS, OTP_SMS_QUEUE, otpSmsJobId, OtpSmsJob } from "./sms-job";
export { SmsPermanentError, type SmsSender } from "./sms-sender";
export { createTwilioSender } from "./twilio-sender";
