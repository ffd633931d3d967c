// The back office's images (issue 16): explicit exports of this area, re-exported by ../index.ts.
export { createImageAdmin, type ImageAdmin } from "./images-admin.service";
export {
  AdminImage,
  AdminImageList,
  DEFAULT_IMAGE_SETTINGS,
  ImageIdInput,
  ImageSize,
  ProductIdInput as ImageProductIdInput,
  readUploadForm,
  ReorderImagesInput,
  UPLOAD_IMAGE_BODY_SCHEMA,
  UpdateImageInput,
  UploadImageFields,
  type ImageSettings,
} from "./images-admin.schemas";
export { ACCEPTED_FORMATS, processImage, targetWidths, type ProcessedImage } from "./image-processing";
export { createLocalImageStorage, mediaResponse, readMediaFile, type LocalStorageOptions, type MediaFile } from "./local-storage";
export { createS3ImageStorage, type S3StorageOptions } from "./s3-storage";
export { contentTypeOfKey, IMMUTABLE_CACHE_CONTROL, isStorageKey, type ImageStorage } from "./storage";
