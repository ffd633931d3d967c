// The back office's products (issue 16): explicit exports of this area, re-exported by ../index.ts.
export {
  createProductAdmin,
  DEFAULT_PRODUCT_ADMIN_OPTIONS,
  type ProductAdmin,
  type ProductAdminOptions,
} from "./products-admin.service";
export {
  ADMIN_PRODUCT_SORTS,
  AdminProductDetail,
  AdminProductIdInput,
  AdminProductListItem,
  AdminProductPage,
  AdminVariantIdInput,
  DEFAULT_LOW_STOCK_THRESHOLD,
  ExportProductsInput,
  ImportReport,
  ListAdminProductsInput,
  ReplaceVariantsInput,
  STOCK_REASONS,
  StockAdjustmentInput,
  StockAdjustmentResult,
  StockHistoryInput,
  StockHistoryPage,
  UpdateProductInput,
  UpdateVariantInput,
} from "./products-admin.schemas";
export { CSV_COLUMNS as PRODUCT_CSV_COLUMNS } from "./product-csv";
