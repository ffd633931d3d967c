import { z } from "zod";
import { Password } from "./password";
import { PhoneInput } from "./phone";

export const OtpCode = z.string().regex(/^\d{6}$/, "The 6-digit code from the SMS");

export const RegisterInput = z.object({ phone: PhoneInput }).strict();
export type RegisterInput = z.infer<typeof RegisterInput>;

export const CodeSent = z
  .object({
    detail: z.string(),
    expiresIn: z.number().int().describe("Seconds the code stays valid"),
    resendIn: z.number().int().describe("Seconds before another code can be requested"),
  })
  .meta({ id: "CodeSent" });
export type CodeSent = z.infer<typeof CodeSent>;

export const VerifyInput = z
  .object({
    phone: PhoneInput,
    code: OtpCode,
    password: Password.optional().describe("Set on the new account (ignored for an existing one: use reset-password)"),
    name: z.string().trim().min(1).max(120).optional().describe("Set on the new account"),
  })
  .strict();
export type VerifyInput = z.infer<typeof VerifyInput>;

export const LoginInput = z.object({ phone: PhoneInput, password: z.string().min(1).max(128) }).strict();
export type LoginInput = z.infer<typeof LoginInput>;

export const RefreshInput = z.object({ refreshToken: z.string().min(16).max(200) }).strict();
export type RefreshInput = z.infer<typeof RefreshInput>;

export const LogoutInput = RefreshInput;
export type LogoutInput = RefreshInput;

export const ForgetPasswordInput = RegisterInput;
export type ForgetPasswordInput = RegisterInput;

export const ResetPasswordInput = z.object({ phone: PhoneInput, code: OtpCode, newPassword: Password }).strict();
export type ResetPasswordInput = z.infer<typeof ResetPasswordInput>;

export const TokenPairOutput = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int().describe("Access token lifetime in seconds"),
  })
  .meta({ id: "TokenPair" });
