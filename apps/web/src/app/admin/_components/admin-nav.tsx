"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { BackOfficeRole } from "./access";

interface NavItem {
  href: string;
  label: string;
  /** Staff work on orders, fulfilment and stock (the product pages carry the stock forms), and look customers up. */
  staff: boolean;
}

export const ADMIN_NAV: readonly NavItem[] = [
  { href: "/admin", label: "Dashboard", staff: true },
  { href: "/admin/products", label: "Products", staff: true },
  { href: "/admin/categories", label: "Categories", staff: false },
  { href: "/admin/orders", label: "Orders", staff: true },
  { href: "/admin/customers", label: "Customers", staff: true },
  { href: "/admin/reviews", label: "Reviews", staff: false },
  { href: "/admin/audit", label: "Audit log", staff: false },
];

/** The section being shown is marked with aria-current (the dashboard only on /admin itself). */
function isCurrent(pathname: string, href: string): boolean {
  return href === "/admin" ? pathname === "/admin" : pathname === href || pathname.startsWith(`${href}/`);
}

export function AdminNav({ role }: { role: BackOfficeRole }) {
  const pathname = usePathname() ?? "";
  const items = ADMIN_NAV.filter((item) => role === "admin" || item.staff);
  return (
    <nav className="admin-nav" aria-label="Back office">
      <ul>
        {items.map((item) => (
          <li key={item.href}>
            <Link href={item.href} aria-current={isCurrent(pathname, item.href) ? "page" : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
