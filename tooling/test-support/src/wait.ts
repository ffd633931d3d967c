export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Added to the timeout's message (e.g. a process's output). */
  detail?: () => string;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns a value (anything but undefined, null or false) and returns it. A check that
 * throws counts as "not yet" (a server still starting refuses connections); the last error is in the timeout's
 * message.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 20_000, intervalMs = 50, detail }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}${detail ? `\n${detail()}` : ""}`);
    }
    await sleep(intervalMs);
  }
}
