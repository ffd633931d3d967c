-- Email is contact information, not a sign-in identifier (accounts are phones). A unique index on it let anyone
-- learn whether an address belongs to another customer: PATCH /user/profile answered 409 "already in use".
-- Unverified addresses may repeat, and nothing reads users by email.
-- (No semicolons in these comments: the migration runner splits statements on them.)
DROP INDEX "users_email_key";
