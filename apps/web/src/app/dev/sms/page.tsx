import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { readOutbox } from "@shop/core";
import { env } from "../../../env";

export const metadata: Metadata = { title: "SMS outbox (development)" };

/** Development only: the mock sender's outbox, so a person can read their code. A 404 in production. */
export default async function DevSmsPage() {
  const e = env();
  if (e.NODE_ENV === "production" || e.TWILIO_ACCOUNT_SID) notFound();
  const messages = (await readOutbox(e.SMS_OUTBOX_PATH ?? ".data/sms-outbox.jsonl")).slice(-50).reverse();
  return (
    <main>
      <h1>SMS outbox</h1>
      <p className="muted">Messages the mock sender would have texted (newest first). Not available in production.</p>
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
                <td>{new Date(m.sentAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
