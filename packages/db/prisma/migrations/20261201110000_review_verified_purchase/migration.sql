-- AlterTable
ALTER TABLE "reviews" ADD COLUMN "verified_purchase" BOOLEAN NOT NULL DEFAULT false;
