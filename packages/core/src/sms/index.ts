export * from "./sms-job";
export * from "./otp-seal";
export * from "./otp-message";
export * from "./sms-sender";
export * from "./mock-sender";
export * from "./twilio-sender";
export * from "./deliver-otp-sms";
export * from "./choose-sender";
