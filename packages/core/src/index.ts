/**
 * What the other packages use (the API, the worker, the web app, the benchmarks), named one by one: anything else
 * in the domain is internal to it. The worker's SMS side has its own entry, "@shop/core/sms".
 */
export { DomainError, type DomainErrorCode } from "./errors/domain-error";
export { busyError, isTransientDbError } from "./infra/db-errors";
export { createRedis, redisReady, type Redis } from "./infra/redis";
export { createTtlCache } from "./infra/ttl-cache";

export { HealthReport } from "./health/health.schemas";
export { createHealthService, type HealthService } from "./health/health.service";
export { purgeExpired, type PurgeResult } from "./maintenance/maintenance.service";

export {
  CodeSent,
  ForgetPasswordInput,
  LoginInput,
  LogoutInput,
  RefreshInput,
  RegisterInput,
  ResetPasswordInput,
  TokenPairOutput,
  VerifyInput,
} from "./auth/auth.schemas";
export { createAuthService, type AuthService, type RequestMeta } from "./auth/auth.service";
export {
  createLoginThrottle,
  createMemoryLoginThrottleStore,
  createRedisLoginThrottleStore,
  DEFAULT_LOGIN_THROTTLE_CONFIG,
  type LoginThrottleConfig,
  type LoginThrottleStore,
} from "./auth/login-throttle";
export { hashPassword, type PasswordHashing } from "./auth/password";
export type { PhonePolicy } from "./auth/phone";
export {
  createSessionService,
  DEFAULT_SESSION_CONFIG,
  type SessionConfig,
  type SessionService,
  type SessionUser,
  type TokenPair,
} from "./auth/session.service";
export { createTokenService, type TokenConfig, type TokenService } from "./auth/tokens";

export { createInProcessDispatch, createOtpQueue } from "./otp/otp-dispatch";
export { createMemoryOtpStore, createRedisOtpStore, type OtpStore } from "./otp/otp-store";
export { createOtpService, DEFAULT_OTP_CONFIG, type OtpConfig, type OtpDispatch, type OtpService } from "./otp/otp.service";
export {
  createMockSender,
  createSmsSender,
  deliverOtpSms,
  DEV_OTP_SECRET,
  openOtpMessage,
  OTP_SMS_QUEUE,
  readOutbox,
  SmsPermanentError,
  OtpSmsJob,
  type SmsSender,
} from "./sms";

export {
  COUNTRY_CODES,
  countryName,
  countryOptions,
  SavedShippingAddress,
  ShippingAddress,
  type CountryOption,
} from "./user/address.schemas";
export { Profile, UpdateProfileInput } from "./user/user.schemas";
export { createUserService, type UserService } from "./user/user.service";

export {
  CategoryNode,
  CategoryTree,
  CreateProductInput,
  LIST_SORTS,
  ListProductsInput,
  ListSort,
  OptionValue,
  OptionsFilter,
  optionKey,
  PRICE_BAND_EDGES,
  Product,
  PRODUCT_SORTS,
  ProductFacets,
  ProductFacetsInput,
  ProductIdInput,
  ProductList,
  ProductOption,
  ProductSummary,
  ProductVariant,
  RelatedProducts,
  RelatedProductsInput,
} from "./catalog/catalog.schemas";
export { createCatalogService, DEFAULT_LIST_OPTIONS, getProduct, listProducts, productFacets, type CatalogService } from "./catalog/catalog.service";

export { lineLimit } from "./cart/cart.rules";
export {
  AddCartItemInput,
  Cart,
  CART_TOKEN_HEADER,
  CartLine,
  RemoveCartItemInput,
  UpdateCartItemInput,
  type CartLimits,
} from "./cart/cart.schemas";
export { addToCart, createCartService, type CartOwner, type CartService } from "./cart/cart.service";

export { checkout, DEFAULT_PAYMENT_POLICY, type PaymentPolicy } from "./orders/checkout.service";
export { PaymentMethods, PaymentSession, PayOrderInput, Refund, RefundOrderInput, WebhookReceipt } from "./payments/payment.schemas";
export {
  applyPaymentEvent,
  createPaymentService,
  expireDueOrders,
  expireOrder,
  recordManualPayment,
  refundOrder,
  startPayment,
  type PaymentProviders,
  type PaymentService,
  type ReturnUrls,
} from "./payments/payment.service";
export { PAYMENT_PROVIDERS, WebhookSignatureError, type PaymentProvider, type PaymentProviderName, type ProviderEvent } from "./payments/provider";
export { createStripeProvider, stripeTestSignature, type StripeSettings } from "./payments/stripe";
export { manualProvider } from "./payments/manual";
export {
  createExpiryQueue,
  createInProcessExpiry,
  EXPIRE_JOB_OPTIONS,
  EXPIRE_ORDER_JOB,
  EXPIRE_SWEEP_JOB,
  expireJobId,
  ORDERS_QUEUE,
  type ExpireOrderJob,
  type ExpiryScheduler,
} from "./orders/expiry-queue";
export { stripeAmount } from "./payments/currency";
export { formatAmount, ORDER_EVENTS, orderMessage, type OrderEvent } from "./notifications/order-messages";
export {
  createInProcessNotifier,
  createNotificationQueue,
  deliverOrderNotification,
  NOTIFICATION_JOB_OPTIONS,
  notificationJobId,
  ORDER_NOTIFICATIONS_QUEUE,
  type OrderNotificationJob,
  type OrderNotifier,
} from "./notifications/order-notification";
export { claimIdempotencyKey, parseIdempotencyKey, requestHash } from "./orders/idempotency";
export { ORDER_NUMBER_PATTERN } from "./orders/ids";
export {
  CreateOrderInput,
  ListOrdersInput,
  Order,
  OrderIdInput,
  OrderPage,
  OrderStatus,
  UpdateOrderStatusInput,
} from "./orders/order.schemas";
export { CREATE_ORDER_SCOPE, createOrderService, type OrderService } from "./orders/order.service";

export { CreateReviewInput, ListReviewsInput, OwnReviewInput, Review, ReviewPage } from "./reviews/review.schemas";
export { createReviewService, type ReviewService } from "./reviews/review.service";

export * from "./admin";
