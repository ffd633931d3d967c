import type { Db } from "@shop/db";
import {
  createAuthService,
  createOtpService,
  createSessionService,
  createTokenService,
  type AuthService,
  type OtpConfig,
  type OtpDispatch,
  type OtpService,
  type OtpStore,
  type PasswordHashing,
  type PhonePolicy,
  type SessionConfig,
  type SessionService,
  type TokenConfig,
  type TokenService,
  createTtlCache,
  createCartService,
  createCatalogService,
  createHealthService,
  createOrderService,
  createReviewService,
  createUserService,
  type CartService,
  type CatalogService,
  type HealthService,
  type OrderService,
  type ReviewService,
  type UserService,
  createLoginThrottle,
  DEFAULT_LOGIN_THROTTLE_CONFIG,
  type LoginThrottleConfig,
  type LoginThrottleStore,
  createPaymentService,
  DEFAULT_PAYMENT_POLICY,
  manualProvider,
  type PaymentPolicy,
  type PaymentProviders,
  type PaymentService,
  type OrderEvent,
  createAdminServices,
  type AdminServices,
  type ImageStorage,
  type DashboardOptions,
  type ImageSettings,
} from "@shop/core";

/** Everything the services need, as values: apps build it from their validated env, tests from fixtures. */
export interface ServiceSettings {
  db: Db;
  otpStore: OtpStore;
  /** Failed password sign-ins (Redis, or memory in single-process mode), like otpStore. */
  loginThrottleStore: LoginThrottleStore;
  loginThrottle?: LoginThrottleConfig;
  dispatch: OtpDispatch;
  tokens: TokenConfig;
  otp: OtpConfig;
  sessions: SessionConfig;
  phonePolicy: PhonePolicy;
  passwordHashing?: PasswordHashing;
  /** How long public catalogue reads are cached in this process (ms); 0 (the default) disables the cache. */
  catalogCacheTtlMs?: number;
  /** Payment providers (manual when none), the checkout's payment policy and the scheduling of expiries. */
  payments?: PaymentSettings;
  /** Where the back office stores uploaded images; absent: uploads answer 503. */
  imageStorage?: ImageStorage;
  /** Upload limits and sizes of those images (defaults for what is not given). */
  imageSettings?: Partial<ImageSettings>;
  /** The back-office dashboard's time zone (SHOP_TIMEZONE) and limits. */
  dashboard?: DashboardOptions;
}

export interface PaymentSettings {
  providers: PaymentProviders;
  policy: PaymentPolicy;
  /** Called after an order that expires unpaid is placed (a delayed job, or a timer in single-process mode). */
  scheduleExpiry?: (orderId: string, at: Date) => void;
  /** Texts to customers about their orders (a job per order and event, or in-process). */
  notify?: (orderId: string, event: OrderEvent) => void;
  log?: (entry: Record<string, unknown>, message: string) => void;
}

/** The services that work on the request's database (ApiDeps.db). */
export interface DatabaseServices {
  users: UserService;
  /** Public catalogue reads go through the process's catalogue cache; the writes that change them clear it. */
  catalog: CatalogService;
  cart: CartService;
  orders: OrderService;
  reviews: ReviewService;
  health: HealthService;
  payments: PaymentService;
  /** The back office (/admin): every write takes the acting admin or staff member and is audited. */
  admin: AdminServices;
}

/** Every domain a procedure reaches, and its only way there (procedures never touch the database themselves). */
export interface Services extends DatabaseServices {
  tokens: TokenService;
  sessions: SessionService;
  otp: OtpService;
  auth: AuthService;
  /**
   * The database services on `db`, made once per database: a context binds them to its ApiDeps.db, which is
   * settings.db in the app (so these very services) and may be another in a test (a scratch database, a tiny pool).
   */
  onDatabase(db: Db): DatabaseServices;
}

/** Wires the domain services once per process. */
export function createServices(settings: ServiceSettings): Services {
  const tokens = createTokenService(settings.tokens);
  const sessions = createSessionService({ db: settings.db, tokens, config: settings.sessions });
  const otp = createOtpService({ store: settings.otpStore, dispatch: settings.dispatch, config: settings.otp });
  const loginThrottle = createLoginThrottle({
    store: settings.loginThrottleStore,
    // Its keys are HMACs like the OTP store's; the same server secret, another label.
    secret: settings.otp.secret,
    config: settings.loginThrottle ?? DEFAULT_LOGIN_THROTTLE_CONFIG,
  });
  const auth = createAuthService({
    db: settings.db,
    otp,
    sessions,
    phonePolicy: settings.phonePolicy,
    passwordHashing: settings.passwordHashing,
    loginThrottle,
    storeTimeoutMs: settings.otp.storeTimeoutMs,
  });
  // One cache shared by the services whose writes change what the catalogue shows.
  const catalogTtl = settings.catalogCacheTtlMs ?? 0;
  // Stale for up to one more TTL while one background load refreshes an entry, and expiries spread by ±25 % so
  // that entries loaded together do not all reload in the same instant (infra/ttl-cache.ts).
  const catalogCache = createTtlCache<unknown>({ ttlMs: catalogTtl, staleMs: catalogTtl, jitter: 0.5, maxEntries: 1_000 });
  const payments = settings.payments ?? { providers: { manual: manualProvider }, policy: DEFAULT_PAYMENT_POLICY };
  const byDatabase = new WeakMap<Db, DatabaseServices>();
  const onDatabase = (db: Db): DatabaseServices => {
    let services = byDatabase.get(db);
    if (!services) {
      const orders = createOrderService({
        db,
        catalogCache,
        checkout: { payment: payments.policy },
        onPlaced: (order) => {
          if (order.expiresAt) payments.scheduleExpiry?.(order.id, new Date(order.expiresAt));
          payments.notify?.(order.id, "placed");
        },
        onStatusChanged: (order) => {
          if (order.status === "paid" || order.status === "shipped" || order.status === "cancelled") payments.notify?.(order.id, order.status);
        },
      });
      const paymentService = createPaymentService({
        db,
        providers: payments.providers,
        methods: payments.policy.methods,
        onStockReleased: () => catalogCache.clear(),
        notify: payments.notify,
        log: payments.log,
      });
      services = {
        users: createUserService({ db }),
        catalog: createCatalogService({ db, catalogCache }),
        cart: createCartService({ db }),
        orders,
        payments: paymentService,
        admin: createAdminServices({ db, catalogCache, orders, payments: paymentService, sessions, imageStorage: settings.imageStorage, imageSettings: settings.imageSettings, dashboard: settings.dashboard }),
        reviews: createReviewService({ db, catalogCache }),
        health: createHealthService({ db }),
      };
      byDatabase.set(db, services);
    }
    return services;
  };
  return { tokens, sessions, otp, auth, ...onDatabase(settings.db), onDatabase };
}
