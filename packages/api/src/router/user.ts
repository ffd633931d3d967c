import { z } from "zod";
import { Profile, UpdateProfileInput } from "@shop/core";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const userRouter = createTRPCRouter({
  profile: protectedProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "GET",
        path: "/user/profile",
        tags: ["user"],
        summary: "The caller's profile",
        protect: true,
        errorResponses: { 401: "Missing or invalid access token" },
      },
    })
    .input(z.void())
    .output(Profile)
    .query(({ ctx }) => ctx.services.users.profile(ctx.user.id)),

  updateProfile: protectedProcedure
    .meta({
      cacheControl: "no-store",
      openapi: {
        method: "PATCH",
        path: "/user/profile",
        tags: ["user"],
        summary: "Change name, email or default shipping address",
        description: "Partial update. Phone, role and ids cannot be changed: unknown fields are a 400.",
        protect: true,
        errorResponses: { 400: "Invalid or forbidden field", 401: "Missing or invalid access token" },
      },
    })
    .input(UpdateProfileInput)
    .output(Profile)
    .mutation(({ ctx, input }) => ctx.services.users.updateProfile(ctx.user.id, input)),
});
