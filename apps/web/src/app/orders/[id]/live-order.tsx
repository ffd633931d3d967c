"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Order } from "@shop/core";
import { useTRPC } from "../../../trpc/client";

/** Why the customer is on the page: back from the payment page (paid or not), or the payment page failed to open. */
export type PaymentReturn = "done" | "cancelled" | "unavailable";

const POLL_MS = 1_500;
const FOLLOW_MS = 60_000;

interface LiveOrder {
  /** The newest copy of the order: the one the server rendered, or a newer one polled since. */
  order: Order;
  arrival: PaymentReturn | null;
  /** Polling the order now (a webhook or an expiry is due). */
  following: boolean;
  /** Polled for FOLLOW_MS and nothing changed. */
  gaveUp: boolean;
  /** The time to pay ran out on this page. */
  timeUp: boolean;
  onTimeUp: () => void;
}

const LiveOrderContext = createContext<LiveOrder | null>(null);

export function useLiveOrder(): LiveOrder {
  const live = useContext(LiveOrderContext);
  if (!live) throw new Error("useLiveOrder outside <LiveOrderProvider>");
  return live;
}

/**
 * Follows a pending order while something is about to change it: Stripe's webhook after the customer paid (it may
 * arrive after the redirect back), or the expiry once the time to pay is up. When the polled order is newer than
 * the rendered one, the server renders the page again, so the status badge, timeline and buttons agree with it.
 */
export function LiveOrderProvider({ order: rendered, arrival, children }: { order: Order; arrival: PaymentReturn | null; children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  // Each round polls for at most FOLLOW_MS; 0: not following.
  const [round, setRound] = useState(arrival === "done" && rendered.status === "pending" ? 1 : 0);
  const [gaveUpRound, setGaveUpRound] = useState(0);
  const [timeUp, setTimeUp] = useState(false);
  const active = round > 0 && gaveUpRound !== round;

  const { data } = useQuery({
    ...trpc.orders.byId.queryOptions({ id: rendered.id }),
    initialData: rendered,
    refetchInterval: (query) => (active && query.state.data?.status === "pending" ? POLL_MS : false),
    refetchOnWindowFocus: false,
  });
  const newer = Date.parse(data.updatedAt) > Date.parse(rendered.updatedAt);
  const order = newer ? data : rendered;

  useEffect(() => {
    if (round === 0) return;
    const timer = setTimeout(() => setGaveUpRound(round), FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [round]);

  useEffect(() => {
    if (newer) router.refresh();
  }, [newer, data.updatedAt, router]);

  const onTimeUp = useCallback(() => {
    setTimeUp(true);
    setRound((r) => r + 1);
  }, []);

  const value = useMemo(
    () => ({ order, arrival, following: active && order.status === "pending", gaveUp: round > 0 && gaveUpRound === round, timeUp, onTimeUp }),
    [order, arrival, active, round, gaveUpRound, timeUp, onTimeUp],
  );
  return <LiveOrderContext.Provider value={value}>{children}</LiveOrderContext.Provider>;
}
