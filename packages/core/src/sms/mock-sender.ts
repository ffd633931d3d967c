import { randomUUID } from "node:crypto";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SmsLog, SmsSender } from "./sms-sender";

export interface OutboxMessage {
  to: string;
  body: string;
  sentAt: string;
}

export interface MockSenderOptions {
  /** JSON Lines file the messages are appended to (read by tests and the dev page). */
  outboxPath: string;
  log?: SmsLog;
  now?: () => Date;
}

/** Development sender: writes each message to a local outbox file instead of a phone. */
export function createMockSender({ outboxPath, log, now = () => new Date() }: MockSenderOptions): SmsSender {
  let folderReady: Promise<unknown> | undefined;
  return {
    name: "mock",
    async send(to, body) {
      folderReady ??= mkdir(path.dirname(outboxPath), { recursive: true }).catch((error: unknown) => {
        folderReady = undefined;
        throw error;
      });
      await folderReady;
      const sentAt = now().toISOString();
      // One appendFile (O_APPEND, one small write) per message, so concurrent senders, even in other processes,
      // never interleave partial lines.
      await appendFile(outboxPath, `${JSON.stringify({ to, body, sentAt } satisfies OutboxMessage)}\n`, "utf8");
      // The body holds the code and logs are kept longer than the outbox is read: neither it nor the number.
      log?.({ toLast4: to.slice(-4), sentAt }, "sms written to outbox");
      return { id: `mock-${randomUUID()}` };
    },
  };
}

/** The outbox's messages, oldest first; [] when nothing was sent yet. Lines that are not whole JSON are skipped. */
export async function readOutbox(outboxPath: string): Promise<OutboxMessage[]> {
  let text: string;
  try {
    text = await readFile(outboxPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const messages: OutboxMessage[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const parsed = JSON.parse(line) as Partial<OutboxMessage>;
      if (typeof parsed.to === "string" && typeof parsed.body === "string" && typeof parsed.sentAt === "string") {
        messages.push({ to: parsed.to, body: parsed.body, sentAt: parsed.sentAt });
      }
    } catch {
      // a line cut short by a crash mid-write
    }
  }
  return messages;
}
