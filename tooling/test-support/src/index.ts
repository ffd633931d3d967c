/**
 * Shared by the tests of several workspaces; each workspace keeps its own fixtures in its test/ folder. (The mock
 * SMS outbox is read with readOutbox of @shop/core/sms, the same code the outbox page uses.)
 */
export { readBody } from "./http";
export { freePort, freePorts } from "./ports";
export { sleep, waitFor, type WaitOptions } from "./wait";
export { repoRoot, spawnCollected, startWorker, type Collected, type Exit } from "./processes";
export { deleteKeys, dumpKeys, scanKeys } from "./redis";
export { startStripeStub, type StripeStub, type StubCall, type StubEvent, type StubSession } from "./stripe-stub";
export { startS3Stub, type S3Stub, type S3StubCall, type S3StubObject, type S3StubOptions } from "./s3-stub";
