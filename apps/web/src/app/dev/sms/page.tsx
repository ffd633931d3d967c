import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { readOutbox } from "@shop/core";
import { twilioConfigured } from "@shop/core/config";
import { formatDateTime } from "../../../lib/format";
import { env } from "@shop/server";

export const metadata: Metadata = { title: "SMS outbox (development)", robots: { index: false } };

/**
 * The mock sender's outbox, so a person trying the shop can read their code: served when SMS_OUTBOX_PAGE is "1"
 * (the default outside production; `npm start` sets it) and no real SMS goes out. A 404 otherwise.
 */
export default async function DevSmsPage() {
  const e = env();
  if (e.SMS_OUTBOX_PAGE !== "1" || twilioConfigured(e)) notFound();
  const messages = (await readOutbox(e.SMS_OUTBOX_PATH)).slice(-50).reverse();
  return (
    <main>
      <h1>SMS outbox</h1>
      <p className="muted">Messages the mock sender would have texted (newest first). Served only while no SMS provider is configured and SMS_OUTBOX_PAGE is 1.</p>
      {messages.length === 0 ? (
        <p>No messages yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">To</th>
              <th scope="col">Message</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={`${m.sentAt}-${m.to}`}>
                <td>{m.to}</td>
                <td>{m.body}</td>
                <td>{formatDateTime(m.sentAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
