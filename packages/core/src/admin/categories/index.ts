// The back office's categories (issue 16): explicit exports of this area, re-exported by ../index.ts.
export { createCategoryAdmin, type CategoryAdmin } from "./categories-admin.service";
export {
  AdminCategory,
  AdminCategoryNode,
  AdminCategoryTree,
  AdminCategoryIdInput,
  CreateCategoryInput,
  MAX_CATEGORY_DEPTH,
  MoveCategoryInput,
  UpdateCategoryInput,
} from "./categories-admin.schemas";
