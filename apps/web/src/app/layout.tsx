import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "../components/site-header";
import { ShopTRPCProvider } from "../trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Shop", template: "%s · Shop" },
  description: "An open-source shop: catalogue, cart, orders, reviews.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <ShopTRPCProvider>
          <SiteHeader />
          <div id="main" tabIndex={-1}>
            {children}
          </div>
        </ShopTRPCProvider>
      </body>
    </html>
  );
}
