import { authRouter } from "./router/auth";
import { catalogRouter } from "./router/catalog";
import { cartRouter } from "./router/cart";
import { healthRouter } from "./router/health";
import { userRouter } from "./router/user";
import { reviewsRouter } from "./router/reviews";
import { sessionRouter } from "./router/session";
import { ordersRouter } from "./router/orders";
import { paymentsRouter } from "./router/payments";
import { adminRouter } from "./router/admin";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  health: healthRouter,
  auth: authRouter,
  cart: cartRouter,
  user: userRouter,
  reviews: reviewsRouter,
  session: sessionRouter,
  catalog: catalogRouter,
  orders: ordersRouter,
  payments: paymentsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
