import { rawRoute } from "../../../../_raw/raw-route";

export const dynamic = "force-dynamic";

/** The image upload of /admin/products/[id] (multipart: file, alt), through the session cookie: see rawRoute. */
export const POST = rawRoute<{ id: string }>({
  accepts: ["multipart/form-data"],
  call: (api, { params }) => api.admin.images.upload({ id: params.id }),
});
