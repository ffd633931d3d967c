// The back office's images (issue 16): explicit exports of this area, re-exported by ../index.ts.
export { createImageAdmin, type ImageAdmin } from "./images-admin.service";
export type { ImageStorage } from "./storage";
