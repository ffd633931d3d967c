import Link from "next/link";
import { visitorCart } from "../lib/cart";
import { currentUser } from "../lib/session";
import { CartLink } from "./cart-link";
import { SignOutButton } from "./sign-out-button";

export async function SiteHeader() {
  const [user, cart] = await Promise.all([currentUser(), visitorCart()]);
  return (
    <header className="site-header">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className="bar">
        <Link href="/" className="brand">
          Shop
        </Link>
        <nav aria-label="Main">
          <Link href="/">Catalog</Link>
          <CartLink initial={cart} />
          {user ? (
            <>
              <Link href="/orders">Orders</Link>
              <Link href="/profile">{user.name ?? "Profile"}</Link>
              {(user.role === "admin" || user.role === "staff") && <Link href="/admin">Admin</Link>}
              <SignOutButton />
            </>
          ) : (
            <Link href="/login">Sign in</Link>
          )}
        </nav>
      </div>
    </header>
  );
}
