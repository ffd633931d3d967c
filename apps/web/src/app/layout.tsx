import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "../components/site-header";
import { ShopTRPCProvider } from "../trpc/client";
import { siteOrigin } from "../lib/site-origin";
import "./globals.css";

// metadataBase turns the pages' relative canonical, Open Graph and Twitter URLs into absolute ones.
export async function generateMetadata(): Promise<Metadata> {
  return {
    metadataBase: new URL(await siteOrigin()),
    title: { default: "Shop", template: "%s · Shop" },
    description: "An open-source shop: catalogue, cart, orders, reviews.",
  };
}

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
