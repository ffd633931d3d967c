import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createMockSender, readOutbox } from "./mock-sender";

const dirs: string[] = [];
async function tempOutbox() {
  const dir = await mkdtemp(path.join(tmpdir(), "shop-outbox-"));
  dirs.push(dir);
  return path.join(dir, "nested", "sms-outbox.jsonl");
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("mock sender", () => {
  it("appends one JSON line per message, creating the folder", async () => {
    const outboxPath = await tempOutbox();
    const sender = createMockSender({ outboxPath, now: () => new Date("2030-01-02T03:04:05.000Z") });
    const { id } = await sender.send("+15551234567", "Your Shop verification code is 111111.");
    expect(id).toMatch(/^mock-/);
    expect(await readFile(outboxPath, "utf8")).toBe(
      '{"to":"+15551234567","body":"Your Shop verification code is 111111.","sentAt":"2030-01-02T03:04:05.000Z"}\n',
    );
  });

  it("keeps lines whole under concurrent sends", async () => {
    const outboxPath = await tempOutbox();
    const senders = [createMockSender({ outboxPath }), createMockSender({ outboxPath })];
    const body = `code ${"x".repeat(2_000)}`;
    const phones = Array.from({ length: 200 }, (_, i) => `+1555000${String(i).padStart(4, "0")}`);
    await Promise.all(phones.map((phone, i) => senders[i % 2]!.send(phone, body)));
    const messages = await readOutbox(outboxPath);
    expect(messages).toHaveLength(200);
    expect(new Set(messages.map((m) => m.to)).size).toBe(200);
  });

  it("logs the last 4 digits of the recipient and the time, never the body or the whole number", async () => {
    const outboxPath = await tempOutbox();
    const logged: unknown[] = [];
    const sender = createMockSender({ outboxPath, log: (obj, msg) => logged.push({ obj, msg }) });
    await sender.send("+15551234567", "secret body 654321");
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toContain("654321");
    expect(JSON.stringify(logged)).not.toContain("5551234567");
    expect(logged[0]).toMatchObject({ obj: { toLast4: "4567" } });
  });

  it("reads nothing from a missing outbox and skips a torn last line", async () => {
    const outboxPath = await tempOutbox();
    expect(await readOutbox(outboxPath)).toEqual([]);
    await createMockSender({ outboxPath }).send("+15551234567", "a");
    await writeFile(outboxPath, '{"to":"+1555', { flag: "a" });
    expect((await readOutbox(outboxPath)).map((m) => m.body)).toEqual(["a"]);
  });
});
