import type { Db } from "@shop/db";
import type { TtlCache } from "../infra/ttl-cache";
import type { OrderService } from "../orders/order.service";
import type { PaymentService } from "../payments/payment.service";
import type { SessionService } from "../auth/session.service";
import { createAuditAdmin, type AuditAdmin } from "./audit";
import { createCategoryAdmin, type CategoryAdmin } from "./categories";
import { createCustomerAdmin, type CustomerAdmin } from "./customers";
import { createDashboardAdmin, type DashboardAdmin, type DashboardOptions } from "./dashboard";
import { createImageAdmin, type ImageAdmin, type ImageSettings, type ImageStorage } from "./images";
import { createOrderAdmin, type OrderAdmin } from "./orders";
import { createProductAdmin, type ProductAdmin } from "./products";
import { createReviewAdmin, type ReviewAdmin } from "./reviews";

/** What the back-office services work with, wired once per database by the API's createServices. */
export interface AdminDeps {
  db: Db;
  /** The public catalogue's cache: every admin write that changes what the shop shows clears it. */
  catalogCache: TtlCache<unknown>;
  /** Order transitions and their side effects (texts, stock) go through the shop's own order service. */
  orders: OrderService;
  /** Refunds and manual payments go through the payments module. */
  payments: PaymentService;
  /** Blocking a customer revokes their sessions. */
  sessions: SessionService;
  /** Where uploaded images go (local disk or S3-compatible); absent: uploads answer 503. */
  imageStorage?: ImageStorage;
  /** Upload limits and sizes (DEFAULT_IMAGE_SETTINGS for what is not given). */
  imageSettings?: Partial<ImageSettings>;
  /** The dashboard's time zone (SHOP_TIMEZONE: where "today" starts) and its limits. */
  dashboard?: DashboardOptions;
  clock?: () => Date;
}

export interface AdminServices {
  products: ProductAdmin;
  images: ImageAdmin;
  categories: CategoryAdmin;
  orders: OrderAdmin;
  customers: CustomerAdmin;
  reviews: ReviewAdmin;
  dashboard: DashboardAdmin;
  audit: AuditAdmin;
}

export function createAdminServices(deps: AdminDeps): AdminServices {
  return {
    products: createProductAdmin(deps),
    images: createImageAdmin(deps),
    categories: createCategoryAdmin(deps),
    orders: createOrderAdmin(deps),
    customers: createCustomerAdmin(deps),
    reviews: createReviewAdmin(deps),
    dashboard: createDashboardAdmin(deps, deps.dashboard),
    audit: createAuditAdmin(deps),
  };
}
